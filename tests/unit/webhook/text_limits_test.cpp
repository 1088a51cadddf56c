// Tests of count_characters, shorten and split_text: code-point counting and never splitting a
// UTF-8 sequence.
#include "madoguchi/webhook/text_limits.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::webhook {
namespace {

// True when `piece` is a prefix of `text` that ends on a code point boundary.
bool is_whole_prefix(const std::string& text, const std::string& piece) {
  return text.starts_with(piece) &&
         (piece.size() == text.size() ||
          (static_cast<unsigned char>(text[piece.size()]) & 0xC0) != 0x80);
}

TEST(count_characters_test, counts_code_points_not_bytes) {
  EXPECT_EQ(count_characters(""), 0u);
  EXPECT_EQ(count_characters("abc"), 3u);
  EXPECT_EQ(count_characters("セミナー"), 4u);
  EXPECT_EQ(count_characters("😊"), 1u);
  EXPECT_EQ(count_characters("é"), 1u);
  EXPECT_EQ(count_characters("a日😊\n"), 4u);
}

TEST(shorten_test, leaves_text_within_the_limit_unchanged) {
  EXPECT_EQ(shorten("セミナー", 4), "セミナー");
  EXPECT_EQ(shorten("セミナー", 20), "セミナー");
  EXPECT_EQ(shorten("", 0), "");
}

TEST(shorten_test, cuts_and_adds_an_ellipsis_within_the_limit) {
  EXPECT_EQ(shorten("セミナー申し込みページ", 5), "セミナー…");
  EXPECT_EQ(shorten("abcdef", 3), "ab…");
  EXPECT_EQ(shorten("abcdef", 1), "…");
  EXPECT_EQ(shorten("abcdef", 0), "");
}

TEST(shorten_test, never_splits_a_multibyte_character) {
  const std::string text = "a😊日本é語bの😊";
  for (std::size_t limit = 1; limit < count_characters(text); ++limit) {
    const std::string out = shorten(text, limit);
    EXPECT_EQ(count_characters(out), limit) << limit;
    ASSERT_TRUE(out.ends_with("…")) << limit;
    EXPECT_TRUE(is_whole_prefix(text, out.substr(0, out.size() - std::string("…").size())))
        << limit;
  }
}

TEST(split_text_test, empty_text_gives_no_pieces) {
  EXPECT_TRUE(split_text("", 10).empty());
}

TEST(split_text_test, short_text_is_one_piece) {
  EXPECT_EQ(split_text("セミナー", 4), std::vector<std::string>{"セミナー"});
}

TEST(split_text_test, prefers_to_break_after_a_full_stop) {
  EXPECT_EQ(split_text("あいうえお。かきくけこさしすせそ", 10),
            (std::vector<std::string>{"あいうえお。", "かきくけこさしすせそ"}));
}

TEST(split_text_test, prefers_a_new_line_to_a_full_stop) {
  EXPECT_EQ(split_text("あいうえ\nおか。きくけこ", 8),
            (std::vector<std::string>{"あいうえ\n", "おか。きくけこ"}));
}

TEST(split_text_test, ignores_breaks_in_the_first_half_of_a_piece) {
  // The 。 is at character 2 of 10: breaking there would make a tiny piece.
  EXPECT_EQ(split_text("あ。いうえおかきくけこさし", 10),
            (std::vector<std::string>{"あ。いうえおかきくけ", "こさし"}));
}

TEST(split_text_test, hard_cuts_never_split_a_multibyte_character) {
  std::string text;
  for (int i = 0; i < 10; ++i) {
    text += "😊";
  }
  const auto pieces = split_text(text, 3);
  ASSERT_EQ(pieces.size(), 4u);
  std::string joined;
  for (const std::string& piece : pieces) {
    EXPECT_LE(count_characters(piece), 3u);
    EXPECT_EQ(piece.size() % 4, 0u) << "a 4-byte emoji was split";
    joined += piece;
  }
  EXPECT_EQ(joined, text);
}

TEST(split_text_test, pieces_respect_the_limit_and_join_to_the_text) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "第" + std::to_string(i) + "文です。\nそして😊続きます";
  }
  for (std::size_t limit : {5u, 17u, 64u, 2000u}) {
    std::string joined;
    for (const std::string& piece : split_text(text, limit)) {
      EXPECT_FALSE(piece.empty());
      EXPECT_LE(count_characters(piece), limit);
      joined += piece;
    }
    EXPECT_EQ(joined, text) << limit;
  }
}

}  // namespace
}  // namespace madoguchi::webhook
