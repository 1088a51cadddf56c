// Tests of nlp::analyzer with the real IPA dictionary and the domain user dictionary, and of
// nlp::analyze_tokens on hand-built tokens (no dictionary needed).
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

std::vector<std::string> keys_of(const analysis& a) {
  std::vector<std::string> keys;
  for (const word& w : a.words) {
    keys.push_back(w.key);
  }
  return keys;
}

std::vector<std::string> content_terms(const std::vector<token>& tokens) {
  return keys_of(analyze_tokens(tokens, vocabulary::embedded()));
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
  static std::vector<std::string> terms(std::string_view text) {
    return keys_of(analyzer_->analyze(normalize(text)));
  }

 private:
  static std::unique_ptr<analyzer> analyzer_;
};

std::unique_ptr<analyzer> analyzer_test::analyzer_;

TEST_F(analyzer_test, words_are_content_words_in_dictionary_form_folded_to_hiragana) {
  const auto words = terms("セミナーの申し込み方法を教えてください");
  EXPECT_TRUE(contains(words, matching_key("セミナー"))) << ::testing::PrintToString(words);
  EXPECT_TRUE(contains(words, "申し込み"));
  EXPECT_FALSE(contains(words, "方法")) << "a stop word: how-to says nothing of the topic";
  EXPECT_FALSE(contains(words, "教える")) << "a stop word";
  EXPECT_EQ(matching_key("セミナー"), "せみな");
}

TEST_F(analyzer_test, synonyms_meet_under_one_key) {
  EXPECT_EQ(terms("講習会"), terms("セミナー"));
  EXPECT_EQ(terms("講座"), terms("研修"));
  EXPECT_EQ(terms("申込"), terms("申し込み"));
  EXPECT_EQ(terms("応募"), terms("登録"));
  EXPECT_EQ(terms("IG"), terms("インスタ"));
  EXPECT_EQ(terms("Instagram"), terms("インスタグラム"));
  EXPECT_EQ(terms("FB"), terms("フェイスブック"));
  EXPECT_EQ(terms("息子"), terms("子ども"));
  EXPECT_EQ(terms("娘"), terms("生徒"));
  EXPECT_NE(terms("セミナー"), terms("申し込み"));
}

TEST_F(analyzer_test, the_user_dictionary_keeps_domain_words_whole) {
  EXPECT_EQ(terms("もずやん"), (std::vector<std::string>{"もずやん"}));
  EXPECT_EQ(terms("OSAKA愛鑑ってなに"), (std::vector<std::string>{"osaka愛鑑"}));
  EXPECT_EQ(terms("災害支援ハブ").size(), 1u);
  EXPECT_EQ(terms("出前授業を頼みたい").front(), "出前授業");
  EXPECT_EQ(terms("インスタ"), (std::vector<std::string>{"いんすた"}));
}

TEST_F(analyzer_test, dialect_and_politeness_add_no_words) {
  EXPECT_EQ(terms("セミナーってほんま？"), terms("セミナー"));
  EXPECT_EQ(terms("セミナーについて教えてください"), terms("セミナー"));
}

TEST_F(analyzer_test, runs_of_nouns_are_joined_into_compounds) {
  const analysis a = get().analyze(normalize("市政情報発信支援プログラムの内容"));
  ASSERT_EQ(a.compounds.size(), 1u) << ::testing::PrintToString(a.compounds);
  EXPECT_EQ(a.compounds[0], "市政情報発信支援ぷろぐらむ");
  EXPECT_GE(a.words.size(), 4u);
}

TEST_F(analyzer_test, words_carry_readings_in_hiragana_and_topic_weights) {
  const analysis a = get().analyze(normalize("学校で走りたい"));
  ASSERT_EQ(a.words.size(), 2u) << ::testing::PrintToString(keys_of(a));
  EXPECT_EQ(a.words[0].reading, "がっこう");
  EXPECT_EQ(a.words[0].weight, 1.0);  // a noun
  EXPECT_LT(a.words[1].weight, 1.0);  // a verb says less about the topic
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
  EXPECT_TRUE(terms("").empty());
  EXPECT_TRUE(get().analyze("").compounds.empty());
}

TEST_F(analyzer_test, symbols_and_punctuation_are_never_terms) {
  EXPECT_TRUE(terms(normalize("！？。、…「」（）")).empty());
  EXPECT_TRUE(terms(normalize("😊🙏✨")).empty());
  EXPECT_TRUE(terms(normalize("・・・ ---")).empty());
}

TEST_F(analyzer_test, unknown_words_are_kept_as_terms) {
  const auto words = terms(normalize("boostwithfacebookmorioka"));
  EXPECT_TRUE(contains(words, "boostwithfacebookmorioka")) << ::testing::PrintToString(words);
}

TEST_F(analyzer_test, half_width_and_full_width_spellings_meet_after_normalisation) {
  EXPECT_EQ(terms(normalize("ｾﾐﾅｰ 申込")), terms(normalize("セミナー　申込")));
}

TEST_F(analyzer_test, is_usable_from_several_threads) {
  const auto expected = terms(normalize("大阪府の防災イベントについて知りたい"));
  ASSERT_FALSE(expected.empty());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (std::size_t i = 0; i < mismatches.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 50; ++round) {
        if (terms(normalize("大阪府の防災イベントについて知りたい")) != expected) {
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
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"せみな", "申し込み"}));
}

TEST(content_terms_test, dependent_words_and_suffixes_are_dropped) {
  const std::vector<token> tokens = {
      make_token("ください", "くださる", "動詞", "非自立"),
      make_token("こと", "こと", "名詞", "非自立"),
      make_token("さん", "さん", "名詞", "接尾"),
      make_token("これ", "これ", "名詞", "代名詞"),
      make_token("送っ", "送る", "動詞", "自立"),
      make_token("歳", "歳", "名詞", "接尾"),  // a suffix the vocabulary knows (何歳) is kept
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"送る", "年齢"}));
}

TEST(noun_phrases_test, runs_of_nouns_as_written_without_prefixes_proper_nouns_or_cut_words) {
  const std::vector<token> tokens = {
      make_token("尼崎", "尼崎", "名詞", "固有名詞"),
      make_token("市", "市", "名詞", "接尾"),
      make_token("の", "の", "助詞", "連体化"),
      make_token("ご", "ご", "接頭詞", "名詞接続"),
      make_token("国民", "国民", "名詞", "一般"),
      make_token("健康", "健康", "名詞", "形容動詞語幹"),
      make_token("保険", "保険", "名詞", "一般"),
      make_token("と", "と", "助詞", "並立助詞"),
      make_token("特定", "特定", "名詞", "サ変接続"),
      make_token("健", "健", "名詞", "一般"),
      make_token("診", "診", "動詞", "自立"),
  };
  // 市 after a proper noun stands alone; 特定健 is cut before the kanji of its last part.
  EXPECT_EQ(noun_phrases(tokens), (std::vector<std::string>{"市", "国民健康保険"}));
}

TEST(content_terms_test, stop_words_are_dropped) {
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
  const analysis a = analyze_tokens(tokens, vocabulary::embedded());
  EXPECT_FALSE(a.words[0].known);
  EXPECT_EQ(a.words[0].reading, "mozuyan");  // no reading: the surface stands in
}

TEST(content_terms_test, adjectives_and_adverbs_are_kept_and_prefixes_only_join_compounds) {
  const std::vector<token> tokens = {
      make_token("新しい", "新しい", "形容詞", "自立"),
      make_token("すぐ", "すぐ", "副詞", "一般"),
      make_token("お", "お", "接頭詞", "名詞接続"),
      make_token("らしい", "らしい", "形容詞", "接尾"),
  };
  EXPECT_EQ(content_terms(tokens), (std::vector<std::string>{"新しい", "すぐ"}));
}

TEST(content_terms_test, no_tokens_give_no_terms) {
  EXPECT_TRUE(content_terms({}).empty());
}

}  // namespace
}  // namespace madoguchi::nlp
