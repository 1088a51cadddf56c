// Tests of the vocabulary data (synonym groups, stop words, the user dictionary's source) and of
// the parser that reads it.
#include "madoguchi/nlp/vocabulary.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace madoguchi::nlp {
namespace {

TEST(matching_key_test, folds_kana_and_drops_a_trailing_long_vowel_mark) {
  EXPECT_EQ(matching_key("コンピューター"), matching_key("コンピュータ"));
  EXPECT_EQ(matching_key("セミナー"), "せみな");
  EXPECT_EQ(matching_key("ー"), "ー");
  EXPECT_EQ(matching_key("カー"), "かー");  // too short to drop it
}

TEST(vocabulary_test, groups_map_every_spelling_to_the_first_word) {
  const vocabulary v =
      vocabulary::parse("# comment\nセミナー, 講習会 , ｾﾐﾅｰ会\n\nIG,インスタ\n", "");
  EXPECT_EQ(v.canonical(matching_key("講習会")), "せみな");
  EXPECT_EQ(v.canonical(matching_key(normalize("ｾﾐﾅｰ会"))), "せみな");
  EXPECT_EQ(v.canonical(matching_key("インスタ")), "ig");
  EXPECT_TRUE(v.has_synonyms("ig"));
  EXPECT_EQ(v.canonical("ほか"), "ほか");
  EXPECT_FALSE(v.has_synonyms("ほか"));
}

TEST(vocabulary_test, a_word_in_two_groups_is_refused_naming_the_line) {
  try {
    vocabulary::parse("セミナー, 講座\n講座, 教室\n", "");
    FAIL() << "accepted a word in two groups";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
  }
  EXPECT_THROW(vocabulary::parse("セミナー,,講座\n", ""), std::invalid_argument);
}

TEST(vocabulary_test, stop_words_are_matched_after_folding) {
  const vocabulary v = vocabulary::parse("", "# tone\nホンマ\n教える\n");
  EXPECT_TRUE(v.is_stop_word(matching_key("ほんま")));
  EXPECT_TRUE(v.is_stop_word("教える"));
  EXPECT_FALSE(v.is_stop_word("セミナー"));
}

TEST(vocabulary_test, the_embedded_data_parses_and_holds_the_issue_groups) {
  const vocabulary& v = vocabulary::embedded();
  for (const char* word : {"講習会", "勉強会", "講座", "研修"}) {
    EXPECT_EQ(v.canonical(matching_key(word)), matching_key("セミナー")) << word;
  }
  for (const char* word : {"申込", "応募", "登録"}) {
    EXPECT_EQ(v.canonical(matching_key(word)), "申し込み") << word;
  }
  for (const char* word : {"instagram", "ig"}) {
    EXPECT_EQ(v.canonical(word), matching_key("インスタ")) << word;
  }
  for (const char* word : {"息子", "娘", "生徒"}) {
    EXPECT_EQ(v.canonical(word), "子ども") << word;
  }
}

std::string read_source_file(const std::string& relative) {
  std::ifstream file(std::string(MADOGUCHI_SOURCE_DIR) + "/" + relative);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(user_dictionary_source_test, surfaces_are_written_as_normalize_leaves_them) {
  std::istringstream lines(read_source_file("nlp/data/user_dictionary.tsv"));
  std::size_t words = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    const std::string surface = line.substr(0, line.find('\t'));
    EXPECT_EQ(normalize(surface), surface) << "write it as: " << normalize(surface);
    ++words;
  }
  EXPECT_GE(words, 10u);
}

}  // namespace
}  // namespace madoguchi::nlp
