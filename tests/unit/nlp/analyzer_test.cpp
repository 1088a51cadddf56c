// Tests of nlp::analyzer with the real IPA dictionary, and of nlp::content_terms on hand-built
// tokens (no dictionary needed).
#include "madoguchi/nlp/analyzer.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "madoguchi/nlp/token.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace madoguchi::nlp {
namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

token make_token(std::string surface, std::string base_form, std::string part_of_speech,
                 std::string subclass, bool known = true) {
  token t;
  t.surface = std::move(surface);
  t.base_form = std::move(base_form);
  t.part_of_speech = std::move(part_of_speech);
  t.subclass = std::move(subclass);
  t.known = known;
  return t;
}

class analyzer_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    analyzer_ = analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR});
  }
  static void TearDownTestSuite() { analyzer_.reset(); }
  static const analyzer& get() { return *analyzer_; }

 private:
  static std::unique_ptr<analyzer> analyzer_;
};

std::unique_ptr<analyzer> analyzer_test::analyzer_;

TEST_F(analyzer_test, terms_are_content_words_in_dictionary_form) {
  const auto terms = get().terms(normalize("セミナーの申し込み方法を教えてください"));
  EXPECT_TRUE(contains(terms, "セミナー"));
  EXPECT_TRUE(contains(terms, "申し込み"));
  EXPECT_TRUE(contains(terms, "方法"));
  EXPECT_TRUE(contains(terms, "教える"));
  EXPECT_FALSE(contains(terms, "教え"));
  for (const char* dropped : {"の", "を", "て", "ください", "くださる"}) {
    EXPECT_FALSE(contains(terms, dropped)) << dropped;
  }
  EXPECT_EQ(terms.size(), 4u) << ::testing::PrintToString(terms);
}

TEST_F(analyzer_test, tokens_carry_part_of_speech_base_form_and_reading) {
  const auto tokens = get().tokenize(normalize("セミナーの申し込み方法を教えてください"));
  ASSERT_GE(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].surface, "セミナー");
  EXPECT_EQ(tokens[0].part_of_speech, "名詞");
  EXPECT_EQ(tokens[0].subclass, "一般");
  EXPECT_EQ(tokens[0].reading, "セミナー");
  EXPECT_TRUE(tokens[0].known);
  EXPECT_EQ(tokens[1].surface, "の");
  EXPECT_EQ(tokens[1].part_of_speech, "助詞");

  const auto teach = std::find_if(tokens.begin(), tokens.end(),
                                  [](const token& t) { return t.surface == "教え"; });
  ASSERT_NE(teach, tokens.end());
  EXPECT_EQ(teach->base_form, "教える");
  EXPECT_EQ(teach->part_of_speech, "動詞");
  EXPECT_EQ(teach->subclass, "自立");
  EXPECT_EQ(teach->reading, "オシエ");

  std::string joined;
  for (const token& t : tokens) {
    joined += t.surface;
  }
  EXPECT_EQ(joined, "セミナーの申し込み方法を教えてください");
}

TEST_F(analyzer_test, empty_text_has_no_tokens) {
  EXPECT_TRUE(get().tokenize("").empty());
  EXPECT_TRUE(get().terms("").empty());
}

TEST_F(analyzer_test, symbols_and_punctuation_are_never_terms) {
  EXPECT_TRUE(get().terms(normalize("！？。、…「」（）")).empty());
  EXPECT_TRUE(get().terms(normalize("😊🙏✨")).empty());
  EXPECT_TRUE(get().terms(normalize("・・・ ---")).empty());
}

TEST_F(analyzer_test, unknown_words_are_kept_as_terms) {
  const auto terms = get().terms(normalize("boostwithfacebookmorioka"));
  EXPECT_TRUE(contains(terms, "boostwithfacebookmorioka")) << ::testing::PrintToString(terms);
}

TEST_F(analyzer_test, half_width_and_full_width_spellings_meet_after_normalisation) {
  EXPECT_EQ(get().terms(normalize("ｾﾐﾅｰ 申込")), get().terms(normalize("セミナー　申込")));
}

TEST_F(analyzer_test, is_usable_from_several_threads) {
  const auto expected = get().terms(normalize("大阪府の防災イベントについて知りたい"));
  ASSERT_FALSE(expected.empty());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (std::size_t i = 0; i < mismatches.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 50; ++round) {
        if (get().terms(normalize("大阪府の防災イベントについて知りたい")) != expected) {
          ++mismatches[i];
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (int count : mismatches) {
    EXPECT_EQ(count, 0);
  }
}

TEST(analyzer_create_test, missing_dictionary_throws_naming_the_directory_and_the_package) {
  const std::string missing = "/nonexistent/madoguchi-test/no-such-dictionary";
  try {
    analyzer::create({.dictionary_dir = missing});
    FAIL() << "create() accepted a missing dictionary";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(missing), std::string::npos) << message;
    EXPECT_NE(message.find("mecab-ipadic-utf8"), std::string::npos) << message;
  }
}

TEST(content_terms_test, particles_auxiliaries_and_symbols_are_dropped) {
  const std::vector<token> tokens = {
      make_token("セミナー", "セミナー", "名詞", "一般"), make_token("の", "の", "助詞", "連体化"),
      make_token("です", "です", "助動詞", ""),           make_token("。", "。", "記号", "句点"),
      make_token("申し込み", "申し込み", "名詞", "一般"),
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"セミナー", "申し込み"}));
}

TEST(content_terms_test, dependent_words_and_suffixes_are_dropped) {
  const std::vector<token> tokens = {
      make_token("ください", "くださる", "動詞", "非自立"),
      make_token("こと", "こと", "名詞", "非自立"),
      make_token("さん", "さん", "名詞", "接尾"),
      make_token("これ", "これ", "名詞", "代名詞"),
      make_token("教え", "教える", "動詞", "自立"),
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"教える"}));
}

TEST(content_terms_test, uninformative_verbs_are_dropped) {
  const std::vector<token> tokens = {
      make_token("し", "する", "動詞", "自立"),
      make_token("ある", "ある", "動詞", "自立"),
      make_token("思う", "思う", "動詞", "自立"),
      make_token("参加", "参加", "名詞", "サ変接続"),
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"参加"}));
}

TEST(content_terms_test, unknown_words_are_kept_whatever_their_tag) {
  const std::vector<token> tokens = {
      make_token("mozuyan", "mozuyan", "名詞", "固有名詞", false),
      make_token("ｘｙｚ", "", "名詞", "非自立", false),  // empty base form: the surface is used
      make_token("!!", "!!", "名詞", "一般", false),      // but never a symbol
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"mozuyan", "ｘｙｚ"}));
}

TEST(content_terms_test, adjectives_adverbs_and_prefixes_are_kept) {
  const std::vector<token> tokens = {
      make_token("新しい", "新しい", "形容詞", "自立"),
      make_token("すぐ", "すぐ", "副詞", "一般"),
      make_token("お", "お", "接頭詞", "名詞接続"),
      make_token("らしい", "らしい", "形容詞", "接尾"),
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"新しい", "すぐ", "お"}));
}

TEST(content_terms_test, no_tokens_give_no_terms) {
  EXPECT_TRUE(content_terms({}).empty());
}

}  // namespace
}  // namespace madoguchi::nlp
