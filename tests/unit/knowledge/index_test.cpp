// Tests of knowledge::index (BM25 ranking, confidence, tenant scoping, lookup) with the real
// analyzer, and of knowledge::index_holder.
#include "madoguchi/knowledge/index.hpp"
#include "madoguchi/knowledge/snapshot.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace madoguchi::knowledge {
namespace {

entry make_entry(std::string tenant, std::string id, std::string title,
                 std::vector<std::string> questions, std::string answer,
                 std::vector<std::string> keywords = {}) {
  entry e;
  e.tenant = std::move(tenant);
  e.id = std::move(id);
  e.title = std::move(title);
  e.questions = std::move(questions);
  e.answer = std::move(answer);
  e.keywords = std::move(keywords);
  return e;
}

std::vector<entry> sample_entries() {
  return {
      make_entry("alpha", "seminar", "SNS活用セミナーの申し込み",
                 {"セミナーに申し込みたい", "セミナーの申し込み方法を教えて", "講座の日程は？"},
                 "セミナーは3月に開催しました。申し込みは市のページからです。", {"講座", "参加"}),
      make_entry("alpha", "garbage", "ゴミの出し方",
                 {"燃えるゴミの収集日は？", "粗大ゴミを捨てたい", "資源ゴミの分別"},
                 "ゴミは決められた曜日の朝に出してください。", {"分別", "収集"}),
      make_entry("alpha", "library", "図書館の開館時間",
                 {"図書館は何時まで開いていますか", "図書館の休館日"},
                 "図書館は9時から19時まで開いています。"),
      make_entry("beta", "dog", "犬の登録",
                 {"犬を飼い始めたら登録が必要ですか", "狂犬病の予防注射"},
                 "犬を飼い始めたら30日以内に登録してください。"),
      make_entry("beta", "seminar", "乙町のスマホ講座",
                 {"スマホ講座に申し込みたい", "セミナーの申し込み"},
                 "乙町のスマホ講座は公民館で開きます。"),
  };
}

class index_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    analyzer_ = nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR});
  }
  static void TearDownTestSuite() { analyzer_.reset(); }
  static std::shared_ptr<const nlp::analyzer> analyzer() { return analyzer_; }

  index kb_{sample_entries(), analyzer()};

 private:
  static std::shared_ptr<const nlp::analyzer> analyzer_;
};

std::shared_ptr<const nlp::analyzer> index_test::analyzer_;

TEST_F(index_test, ranks_the_entry_that_answers_the_question_first) {
  const ranking seminar = kb_.rank("alpha", "セミナーの申し込み方法を知りたい", 5);
  ASSERT_FALSE(seminar.candidates.empty());
  EXPECT_EQ(seminar.candidates[0].match->id, "seminar");

  const ranking garbage = kb_.rank("alpha", "燃えるゴミは何曜日に出せばいい？", 5);
  ASSERT_FALSE(garbage.candidates.empty());
  EXPECT_EQ(garbage.candidates[0].match->id, "garbage");

  const ranking library = kb_.rank("alpha", "図書館 何時まで", 5);
  ASSERT_FALSE(library.candidates.empty());
  EXPECT_EQ(library.candidates[0].match->id, "library");
}

TEST_F(index_test, candidates_are_best_first) {
  const ranking r = kb_.rank("alpha", "セミナーのゴミの分別", 5);
  ASSERT_GE(r.candidates.size(), 2u);
  for (std::size_t i = 1; i < r.candidates.size(); ++i) {
    EXPECT_GE(r.candidates[i - 1].score, r.candidates[i].score);
  }
  EXPECT_GT(r.candidates.back().score, 0);
}

TEST_F(index_test, never_returns_an_entry_of_another_tenant) {
  for (const char* question : {"犬の登録", "狂犬病の予防注射", "スマホ講座に申し込みたい"}) {
    for (const candidate& c : kb_.rank("alpha", question, 10).candidates) {
      EXPECT_EQ(c.match->tenant, "alpha") << question;
    }
  }
  const ranking beta = kb_.rank("beta", "セミナーの申し込み", 10);
  ASSERT_FALSE(beta.candidates.empty());
  EXPECT_EQ(beta.candidates[0].match->tenant, "beta");
  EXPECT_EQ(beta.candidates[0].match->title, "乙町のスマホ講座");
  for (const candidate& c : beta.candidates) {
    EXPECT_EQ(c.match->tenant, "beta");
  }
  EXPECT_TRUE(kb_.rank("alpha", "犬の狂犬病", 10).candidates.empty());
}

TEST_F(index_test, unknown_tenant_or_question_without_terms_gives_an_empty_ranking) {
  const ranking unknown = kb_.rank("gamma", "セミナーの申し込み", 5);
  EXPECT_TRUE(unknown.candidates.empty());
  EXPECT_EQ(unknown.confidence, 0);
  for (const char* question : {"", "。。。", "の", "！？"}) {
    const ranking r = kb_.rank("alpha", question, 5);
    EXPECT_TRUE(r.candidates.empty()) << question;
    EXPECT_EQ(r.confidence, 0) << question;
  }
}

TEST_F(index_test, confidence_is_between_zero_and_one) {
  for (const char* question : {"セミナーの申し込み", "セミナー", "図書館の開館時間", "宇宙旅行",
                               "ゴミ セミナー 図書館 犬"}) {
    const ranking r = kb_.rank("alpha", question, 5);
    EXPECT_GE(r.confidence, 0) << question;
    EXPECT_LE(r.confidence, 1) << question;
    EXPECT_GE(r.margin, 0) << question;
    EXPECT_LE(r.margin, r.confidence) << question;
  }
  EXPECT_GT(kb_.rank("alpha", "セミナーの申し込み", 5).confidence, 0.9);
}

TEST_F(index_test, off_topic_question_has_lower_confidence_than_an_on_topic_one) {
  const ranking on_topic = kb_.rank("alpha", "セミナーの申し込み方法", 5);
  const ranking off_topic = kb_.rank("alpha", "宇宙旅行の申し込み方法", 5);
  ASSERT_FALSE(off_topic.candidates.empty());  // 申し込み matches: still low confidence
  EXPECT_LT(off_topic.confidence, on_topic.confidence);
  EXPECT_LT(off_topic.confidence, 0.7);  // the responder's answer threshold: not answered
  EXPECT_EQ(kb_.rank("alpha", "宇宙旅行", 5).confidence, 0);
}

TEST_F(index_test, top_n_limits_the_candidates) {
  EXPECT_LE(kb_.rank("alpha", "セミナーのゴミの分別と図書館", 1).candidates.size(), 1u);
  EXPECT_TRUE(kb_.rank("alpha", "セミナー", 0).candidates.empty());
}

TEST_F(index_test, find_looks_up_an_entry_of_one_tenant) {
  const entry* alpha = kb_.find("alpha", "seminar");
  ASSERT_NE(alpha, nullptr);
  EXPECT_EQ(alpha->tenant, "alpha");
  EXPECT_EQ(alpha->title, "SNS活用セミナーの申し込み");
  const entry* beta = kb_.find("beta", "seminar");
  ASSERT_NE(beta, nullptr);
  EXPECT_EQ(beta->tenant, "beta");
  EXPECT_EQ(kb_.find("alpha", "dog"), nullptr);
  EXPECT_EQ(kb_.find("gamma", "seminar"), nullptr);
  EXPECT_EQ(kb_.find("alpha", ""), nullptr);
}

TEST_F(index_test, has_tenant_and_size) {
  EXPECT_TRUE(kb_.has_tenant("alpha"));
  EXPECT_TRUE(kb_.has_tenant("beta"));
  EXPECT_FALSE(kb_.has_tenant("gamma"));
  EXPECT_FALSE(kb_.has_tenant(""));
  EXPECT_EQ(kb_.size(), 5u);
  EXPECT_EQ(index({}, analyzer()).size(), 0u);
}

TEST_F(index_test, equal_scores_are_ordered_by_id_whatever_the_input_order) {
  std::vector<entry> twins = {
      make_entry("alpha", "twin-b", "ふるさと納税", {"ふるさと納税の返礼品"}, "返礼品です。"),
      make_entry("alpha", "twin-a", "ふるさと納税", {"ふるさと納税の返礼品"}, "返礼品です。"),
      make_entry("alpha", "twin-c", "ふるさと納税", {"ふるさと納税の返礼品"}, "返礼品です。"),
  };
  const index forward(twins, analyzer());
  std::swap(twins[0], twins[2]);
  const index backward(twins, analyzer());
  for (const index* kb : {&forward, &backward}) {
    const ranking r = kb->rank("alpha", "ふるさと納税の返礼品", 5);
    ASSERT_EQ(r.candidates.size(), 3u);
    EXPECT_EQ(r.candidates[0].match->id, "twin-a");
    EXPECT_EQ(r.candidates[1].match->id, "twin-b");
    EXPECT_EQ(r.candidates[2].match->id, "twin-c");
    EXPECT_EQ(r.margin, 0);
  }
}

TEST_F(index_test, ranking_the_same_question_twice_gives_the_same_result) {
  const ranking first = kb_.rank("alpha", "セミナーとゴミと図書館の分別", 5);
  const ranking second = kb_.rank("alpha", "セミナーとゴミと図書館の分別", 5);
  ASSERT_EQ(first.candidates.size(), second.candidates.size());
  for (std::size_t i = 0; i < first.candidates.size(); ++i) {
    EXPECT_EQ(first.candidates[i].match, second.candidates[i].match);
    EXPECT_EQ(first.candidates[i].score, second.candidates[i].score);
  }
  EXPECT_EQ(first.confidence, second.confidence);
}

TEST_F(index_test, holder_replace_swaps_the_snapshot_and_old_readers_keep_theirs) {
  auto first = std::make_shared<const index>(sample_entries(), analyzer());
  index_holder holder(first);
  const std::shared_ptr<const index> reader = holder.current();
  EXPECT_EQ(reader, first);

  std::vector<entry> edited = sample_entries();
  edited.pop_back();
  auto second = std::make_shared<const index>(edited, analyzer());
  first.reset();
  holder.replace(second);

  EXPECT_EQ(holder.current(), second);
  EXPECT_EQ(holder.current()->size(), 4u);
  EXPECT_EQ(reader->size(), 5u);  // the old snapshot is still alive and unchanged
  EXPECT_NE(reader->find("beta", "seminar"), nullptr);
  EXPECT_EQ(holder.current()->find("beta", "seminar"), nullptr);
}

TEST_F(index_test, a_word_no_entry_uses_backs_off_to_similar_words) {
  // 図書舘 (a wrong kanji) and としょかん (hiragana) share bigrams with 図書館 and its reading.
  for (const char* question : {"図書舘はどこ", "としょかん"}) {
    const ranking r = kb_.rank("alpha", question, 3);
    ASSERT_FALSE(r.candidates.empty()) << question;
    EXPECT_EQ(r.candidates[0].match->id, "library") << question;
  }
  // An exact word beats its stand-in.
  EXPECT_GT(kb_.rank("alpha", "図書館", 1).candidates.at(0).score,
            kb_.rank("alpha", "図書舘", 1).candidates.at(0).score);
}

TEST_F(index_test, synonyms_find_an_entry_written_with_another_word) {
  const ranking r =
      kb_.rank("alpha", "勉強会に応募したい", 3);  // the entry says セミナー, 申し込み
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].match->id, "seminar");
}

TEST_F(index_test, with_a_date_entries_outside_their_validity_window_are_left_out) {
  std::vector<entry> entries = sample_entries();
  entries[0].valid_from = parse_date("2026-04-01");
  entries[0].valid_until = parse_date("2026-04-30");
  const index dated(std::move(entries), analyzer());
  const auto on = [](int y, unsigned m, unsigned d) {
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                       std::chrono::day{d}};
  };
  EXPECT_EQ(dated.rank("alpha", "セミナーの申し込み", 5, on(2026, 4, 1)).candidates.at(0).match->id,
            "seminar");
  EXPECT_EQ(
      dated.rank("alpha", "セミナーの申し込み", 5, on(2026, 4, 30)).candidates.at(0).match->id,
      "seminar");
  EXPECT_TRUE(dated.rank("alpha", "セミナーの申し込み", 5, on(2026, 5, 1)).candidates.empty());
  EXPECT_TRUE(dated.rank("alpha", "セミナーの申し込み", 5, on(2026, 3, 31)).candidates.empty());
  EXPECT_FALSE(dated.rank("alpha", "セミナーの申し込み", 5).candidates.empty());  // no date: all
}

TEST_F(index_test, a_close_runner_up_lowers_the_confidence) {
  std::vector<entry> entries = sample_entries();
  entries.push_back(make_entry("alpha", "seminar-2", "SNS活用セミナーの申し込み（第2回）",
                               {"セミナーに申し込みたい", "セミナーの申し込み方法を教えて"},
                               "第2回のセミナーの申し込みは市のページからです。"));
  const index twins(std::move(entries), analyzer());
  EXPECT_LT(twins.rank("alpha", "セミナーに申し込みたい", 5).confidence,
            kb_.rank("alpha", "セミナーに申し込みたい", 5).confidence);
}

// A general question over a base of specific entries: many entries cover it as well as the best
// one does, and the best one's title asks about more than the question. The bot should ask.
TEST_F(index_test, a_general_question_among_specific_entries_has_rivals_and_less_confidence) {
  std::vector<entry> entries = sample_entries();
  for (const char* what :
       {"除票", "写しの郵送請求", "代理人による請求", "広域交付", "コンビニ交付"}) {
    entries.push_back(make_entry("alpha", std::string("juminhyo-") + what,
                                 std::string("住民票の") + what + "について知りたい", {},
                                 std::string("住民票の") + what + "は市民課で扱います。"));
  }
  const index city(std::move(entries), analyzer());
  const ranking general = city.rank("alpha", "住民票", 5);
  const ranking specific = city.rank("alpha", "住民票のコンビニ交付について知りたい", 5);
  ASSERT_FALSE(general.candidates.empty());
  EXPECT_GT(general.evidence.rivals, 0.3);
  EXPECT_LT(general.evidence.question_overlap, specific.evidence.question_overlap);
  EXPECT_EQ(specific.candidates.at(0).match->id, "juminhyo-コンビニ交付");
  EXPECT_LT(general.confidence, 0.7);  // below the responder's answer threshold: a clarify
  EXPECT_GT(specific.confidence, general.confidence);
}

TEST_F(index_test, confidence_does_not_depend_on_how_many_candidates_are_asked_for) {
  for (const char* question : {"セミナーの申し込み", "ゴミ セミナー 図書館", "図書館"}) {
    const ranking one = kb_.rank("alpha", question, 1);
    const ranking five = kb_.rank("alpha", question, 5);
    EXPECT_EQ(one.confidence, five.confidence) << question;
    EXPECT_EQ(one.margin, five.margin) << question;
    EXPECT_LE(one.candidates.size(), 1u);
  }
}

// The runner-up's rivals are the ten entries after it, however few candidates were asked for.
TEST_F(index_test, the_rivals_do_not_depend_on_how_many_candidates_are_asked_for) {
  std::vector<entry> entries = {
      make_entry("alpha", "juminhyo", "住民票", {}, "住民票は市民課で扱います。")};
  for (int i = 0; i < 15; ++i) {
    entries.push_back(make_entry("alpha", "juminhyo-" + std::to_string(i),
                                 "住民票の手続き その" + std::to_string(i), {},
                                 "住民票は市民課で扱います。"));
  }
  const index many(std::move(entries), analyzer());
  const ranking one = many.rank("alpha", "住民票", 1);
  const ranking twenty = many.rank("alpha", "住民票", 20);
  EXPECT_EQ(one.confidence, twenty.confidence);
  EXPECT_GT(one.margin, 0);  // the runner-up's confidence counts
  EXPECT_EQ(one.margin, twenty.margin);
  EXPECT_DOUBLE_EQ(one.evidence.rivals, 1.0);
}

TEST_F(index_test, builds_the_same_index_on_one_thread_or_many) {
  const index one(sample_entries(), analyzer(), 1);
  const index many(sample_entries(), analyzer(), 4);
  for (const char* question : {"セミナーの申し込み", "粗大ゴミ", "図書館"}) {
    const ranking a = one.rank("alpha", question, 5);
    const ranking b = many.rank("alpha", question, 5);
    ASSERT_EQ(a.candidates.size(), b.candidates.size()) << question;
    for (std::size_t i = 0; i < a.candidates.size(); ++i) {
      EXPECT_EQ(a.candidates[i].match->id, b.candidates[i].match->id) << question;
      EXPECT_EQ(a.candidates[i].score, b.candidates[i].score) << question;
    }
    EXPECT_EQ(a.confidence, b.confidence) << question;
  }
}

TEST_F(index_test, a_tenants_topics_are_the_words_its_titles_share) {
  std::vector<entry> entries = sample_entries();
  entries.push_back(make_entry("alpha", "garbage-fee", "ゴミの手数料", {}, "一回300円です。"));
  entries.push_back(
      make_entry("alpha", "library-card", "図書館の利用カード", {}, "窓口で作れます。"));
  const index kb(std::move(entries), analyzer());
  // Shared by two titles each; 手数料 and 利用 are in one title or procedural.
  EXPECT_EQ(kb.topics_of("alpha"), (std::vector<std::string>{"ゴミ", "図書館"}));
  EXPECT_TRUE(kb.topics_of("beta").empty());  // no word in two titles
  EXPECT_TRUE(kb.topics_of("nobody").empty());
}

TEST_F(index_test, an_explanation_shows_where_each_word_matched_and_adds_up_to_the_score) {
  const nlp::analysis question = analyzer()->analyze("図書館の休館日と自転車");
  const ranking ranked = kb_.rank("alpha", question, 1);
  ASSERT_FALSE(ranked.candidates.empty());
  const entry& library = *ranked.candidates.front().match;
  ASSERT_EQ(library.id, "library");
  const explanation why = kb_.explain("alpha", question, library);
  ASSERT_GE(why.words.size(), 2u);
  EXPECT_EQ(why.words[0].word, "図書館");
  EXPECT_EQ(why.words[0].matched, "図書館");
  EXPECT_TRUE(why.words[0].in_title);
  EXPECT_TRUE(why.words[0].in_questions);
  EXPECT_TRUE(why.words[0].in_answer);
  EXPECT_GT(why.words[0].score, 0);
  const auto parking = std::find_if(why.words.begin(), why.words.end(),
                                    [](const auto& w) { return w.matched == "自転車"; });
  ASSERT_NE(parking, why.words.end());
  EXPECT_FALSE(parking->in_title || parking->in_questions || parking->in_answer);
  EXPECT_EQ(parking->score, 0);
  double parts = why.compound_score + why.similar_word_score;
  for (const auto& w : why.words) {
    parts += w.score;
  }
  EXPECT_NEAR(parts, ranked.candidates.front().score, 1e-9);
  EXPECT_NEAR(why.score, ranked.candidates.front().score, 1e-9);
}

}  // namespace
}  // namespace madoguchi::knowledge
