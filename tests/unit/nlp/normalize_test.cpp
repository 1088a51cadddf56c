// Tests of nlp::normalize and nlp::sanitize_utf8: NFKC, case folding, white space, ignorable
// code points and invalid UTF-8.
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::nlp {
namespace {

TEST(normalize_test, half_width_katakana_becomes_full_width) {
  EXPECT_EQ(normalize("ｾﾐﾅｰ"), "セミナー");
  // Voiced marks are composed with their base: ﾊﾞ -> バ, not ハ + ゛.
  EXPECT_EQ(normalize("ﾌｪｲｽﾌﾞｯｸ"), "フェイスブック");
}

TEST(normalize_test, full_width_latin_is_folded_to_lower_case_ascii) {
  EXPECT_EQ(normalize("ＳＤＧｓ"), "sdgs");
  EXPECT_EQ(normalize("Facebook"), "facebook");
  EXPECT_EQ(normalize("EXPO2025"), "expo2025");
}

TEST(normalize_test, full_width_digits_and_space_become_ascii) {
  EXPECT_EQ(normalize("２０２０年３月１７日"), "2020年3月17日");
  EXPECT_EQ(normalize("セミナー　申込"), "セミナー 申込");
}

TEST(normalize_test, white_space_runs_are_folded_and_trimmed) {
  EXPECT_EQ(normalize("  セミナー \t\n  申込\r\n"), "セミナー 申込");
  EXPECT_EQ(normalize("a\u3000\u3000b"), "a b");
  EXPECT_EQ(normalize(" \t\n\u3000 "), "");
  EXPECT_EQ(normalize(""), "");
}

// Regression: U+2028 (Zl), U+2029 (Zp) and U+0085 are Unicode White_Space too.
TEST(normalize_test, line_and_paragraph_separators_are_white_space) {
  EXPECT_EQ(normalize("セミナー\u2028申込"), "セミナー 申込");
  EXPECT_EQ(normalize("セミナー\u2029申込"), "セミナー 申込");
  EXPECT_EQ(normalize("セミナー\u0085申込"), "セミナー 申込");
}

TEST(normalize_test, variation_selectors_and_zero_width_joiners_are_removed) {
  EXPECT_EQ(normalize("葛\U000E0100城"), "葛城");      // ideographic variation selector
  EXPECT_EQ(normalize("a❤\uFE0Fb"), "a b");            // emoji presentation selector, emoji
  EXPECT_EQ(normalize("a\u200Db"), "ab");              // zero-width joiner
  EXPECT_EQ(normalize("セミ\u200Bナー"), "セミナー");  // zero-width space
}

TEST(normalize_test, japanese_text_without_compatibility_forms_is_unchanged) {
  const std::string text = "セミナーの申し込み方法を教えてください";
  EXPECT_EQ(normalize(text), text);
}

TEST(normalize_test, compatibility_symbols_are_decomposed) {
  EXPECT_EQ(normalize("㈱"), "(株)");
  EXPECT_EQ(normalize("①"), "1");
  EXPECT_EQ(normalize("ｱｲｳ!?"), "アイウ!?");
}

TEST(normalize_test, invalid_utf8_becomes_replacement_characters) {
  EXPECT_EQ(normalize(std::string("a\xFF") + "b"), "a\uFFFDb");
  // A truncated 3-byte sequence: each stray byte is replaced.
  EXPECT_EQ(normalize("\xE3\x81"), "\uFFFD\uFFFD");
  // Overlong encoding of '/' is invalid.
  EXPECT_EQ(normalize("\xC0\xAF"), "\uFFFD\uFFFD");
}

TEST(normalize_test, output_is_always_valid_utf8) {
  const std::string garbage = "\x80\xBF\xFE\xFF\xF8\x88\x80\x80\x80 ｾﾐﾅｰ \xED\xA0\x80";
  const std::string out = normalize(garbage);
  EXPECT_EQ(sanitize_utf8(out), out);
  EXPECT_NE(out.find("セミナー"), std::string::npos);
}

TEST(sanitize_utf8_test, valid_text_is_unchanged) {
  const std::string text = "大阪府 SDGs 😊 ｾﾐﾅｰ";
  EXPECT_EQ(sanitize_utf8(text), text);
  EXPECT_EQ(sanitize_utf8(""), "");
}

TEST(sanitize_utf8_test, each_invalid_byte_becomes_one_replacement_character) {
  EXPECT_EQ(sanitize_utf8("\xFF"), "\uFFFD");
  EXPECT_EQ(sanitize_utf8("ok\xC3"), "ok\uFFFD");  // truncated at the end
  EXPECT_EQ(sanitize_utf8(std::string("\xE3\x81") + "A"), "\uFFFD\uFFFDA");
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // UTF-16 surrogate
}

TEST(sanitize_utf8_test, does_not_normalise) {
  // Only repairs encoding: compatibility forms, case and spaces stay as they were.
  EXPECT_EQ(sanitize_utf8("ＳＤＧｓ  ｾﾐﾅｰ"), "ＳＤＧｓ  ｾﾐﾅｰ");
}

TEST(normalize_test, emoji_and_decoration_become_word_breaks) {
  EXPECT_EQ(normalize("セミナー😊"), "セミナー");
  EXPECT_EQ(normalize("もずやん🐦かわいい"), "もずやん かわいい");
  EXPECT_EQ(normalize("★お知らせ★"), "お知らせ");
  EXPECT_EQ(normalize("♪セミナー♪"), "セミナー");
  EXPECT_EQ(normalize("👍🏻"), "");              // with a skin-tone modifier
  EXPECT_EQ(normalize("1\uFE0F\u20E3番"), "1 番");   // keycap: an enclosing mark
  EXPECT_EQ(normalize("\U0001F1EF\U0001F1F5"), "");  // a flag (regional indicators)
}

TEST(normalize_test, long_vowel_marks_and_wave_dashes_are_folded) {
  EXPECT_EQ(normalize("すごーーーい"), "すごーい");
  EXPECT_EQ(normalize("セミナーーー"), "セミナー");
  EXPECT_EQ(normalize("すご〜い"), "すごーい");
  EXPECT_EQ(normalize("すご～～い"), "すごーい");
  EXPECT_EQ(normalize("9時〜17時"), "9時 17時");  // a range, not elongation
}

TEST(normalize_test, runs_of_three_or_more_repeated_characters_become_one) {
  EXPECT_EQ(normalize("ありがとうううう"), "ありがとう");
  EXPECT_EQ(normalize("え！！！"), "え!");
  EXPECT_EQ(normalize("いい"), "いい");          // two are a word
  EXPECT_EQ(normalize("100000円"), "100000円");  // digits are never folded
}

TEST(normalize_test, laughter_after_japanese_text_is_read_as_a_laugh) {
  EXPECT_EQ(normalize("かわいいwww"), "かわいい笑");
  EXPECT_EQ(normalize("草ｗｗ セミナー"), "草笑 セミナー");
  EXPECT_EQ(normalize("www.example.jp"), "www.example.jp");
  EXPECT_EQ(normalize("window"), "window");
}

TEST(normalize_test, kanji_numerals_before_counters_become_digits) {
  EXPECT_EQ(normalize("三月十七日"), "3月17日");
  EXPECT_EQ(normalize("二〇二〇年"), "2020年");
  EXPECT_EQ(normalize("十三歳"), "13歳");
  EXPECT_EQ(normalize("二十一日"), "21日");
  EXPECT_EQ(normalize("百二十円"), "120円");
  EXPECT_EQ(normalize("一般"), "一般");  // no counter: a word
  EXPECT_EQ(normalize("十分"), "十分");  // 分 is left out: 十分 is "enough"
  EXPECT_EQ(normalize("一番"), "一番");
}

TEST(characters_of_test, splits_utf8_into_characters) {
  EXPECT_EQ(characters_of("aあ😊"), (std::vector<std::string_view>{"a", "あ", "😊"}));
  EXPECT_TRUE(characters_of("").empty());
}

TEST(fold_kana_test, katakana_becomes_hiragana_and_the_rest_is_unchanged) {
  EXPECT_EQ(fold_kana("セミナー"), "せみなー");
  EXPECT_EQ(fold_kana("インスタ"), "いんすた");
  EXPECT_EQ(fold_kana("ヴァ"), "ゔぁ");
  EXPECT_EQ(fold_kana("大阪府abc"), "大阪府abc");
  EXPECT_EQ(fold_kana("ひらがな"), "ひらがな");
}

}  // namespace

}  // namespace madoguchi::nlp
