// Tests of the seminar calendar through bot::decide with an injected date: 「次の講座はいつ？」,
// 「今月のイベントは？」, 「締切はいつ？」 answered from the entries' dates, nearest first.
#include "madoguchi/bot/responder.hpp"
#include "madoguchi/bot/wording.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace madoguchi::bot {
namespace {

constexpr std::chrono::year_month_day day(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                     std::chrono::day{d}};
}

knowledge::entry event(std::string id, std::string title, const char* start, const char* end,
                       const char* apply_until) {
  knowledge::entry e;
  e.tenant = "city";
  e.id = std::move(id);
  e.title = std::move(title);
  e.questions = {e.title + "について知りたい"};
  e.answer = e.title + "を開催します。";
  e.event_start = knowledge::parse_date(start);
  e.event_end = knowledge::parse_date(end);
  e.apply_until = knowledge::parse_date(apply_until);
  e.links = {{"申し込みページ", "https://www.city.example.jp/" + e.id}};
  return e;
}

knowledge::entry counter() {
  knowledge::entry e;
  e.tenant = "city";
  e.id = "counter-hours";
  e.title = "市役所の窓口の受付時間";
  e.questions = {"市役所は何時まで開いていますか"};
  e.answer = "平日の8時30分から17時15分までです。";
  return e;
}

class calendar_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    kb_ = std::make_unique<knowledge::index>(
        std::vector<knowledge::entry>{
            event("smartphone", "スマホ教室（高齢者向け）", "2026-05-20", "2026-05-20",
                  "2026-05-13"),
            event("programming", "プログラミング講座（小学生向け）", "2026-05-10", "2026-05-10",
                  "2026-04-30"),
            event("sns", "SNS活用セミナー（事業者向け）", "2026-06-03", "2026-06-04", "2026-05-08"),
            event("winter", "冬の防災講座", "2026-01-15", "2026-01-15", ""), counter()},
        nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR}));
  }
  static void TearDownTestSuite() { kb_.reset(); }

  static decision ask(std::string text, std::chrono::year_month_day today) {
    message in;
    in.text = std::move(text);
    responder_options options;
    options.today = today;
    return decide(*kb_, "city", in, options);
  }

  static std::vector<std::string> listed(const decision& d) {
    std::vector<std::string> titles;
    for (const card& c : d.message.cards) {
      titles.push_back(c.title);
    }
    return titles;
  }

  static inline std::unique_ptr<knowledge::index> kb_;
};

TEST_F(calendar_test, the_next_events_are_listed_nearest_first_with_their_dates_and_links) {
  const decision d = ask("次の講座はいつ？", day(2026, 4, 20));
  EXPECT_EQ(d.chosen, route::answer);
  EXPECT_EQ(d.entry_id, "programming");  // what 「その申込先は？」 refers to next
  EXPECT_EQ(listed(d), (std::vector<std::string>{"プログラミング講座（小学生向け）",
                                                 "スマホ教室（高齢者向け）",
                                                 "SNS活用セミナー（事業者向け）"}));
  EXPECT_NE(d.message.text.find("次は「プログラミング講座（小学生向け）」（2026年5月10日）"),
            std::string::npos)
      << d.message.text;
  EXPECT_EQ(d.message.cards[0].subtitle, "開催：2026年5月10日／申込締切：2026年4月30日");
  EXPECT_EQ(d.message.cards[0].payload, entry_payload("programming"));
  ASSERT_EQ(d.message.cards[0].links.size(), 1u);
  EXPECT_EQ(d.message.cards[2].subtitle, "開催：2026年6月3日〜4日／申込締切：2026年5月8日");
}

TEST_F(calendar_test, an_event_under_way_is_still_ahead_and_a_closed_registration_says_so) {
  const decision d = ask("今後のイベントを教えて", day(2026, 5, 10));
  EXPECT_EQ(listed(d).front(), "プログラミング講座（小学生向け）");
  EXPECT_EQ(d.message.cards[0].subtitle, "開催：2026年5月10日（申し込み受付終了）");
}

TEST_F(calendar_test, deadlines_are_listed_soonest_first_and_closed_ones_are_left_out) {
  const decision d = ask("締切はいつ？", day(2026, 5, 1));
  EXPECT_EQ(listed(d), (std::vector<std::string>{"SNS活用セミナー（事業者向け）",
                                                 "スマホ教室（高齢者向け）"}));
  EXPECT_NE(d.message.text.find("締め切りの早い順"), std::string::npos) << d.message.text;
}

TEST_F(calendar_test, this_month_and_next_month_are_the_calendar_months) {
  EXPECT_EQ(listed(ask("今月のイベントは？", day(2026, 5, 15))),
            (std::vector<std::string>{"スマホ教室（高齢者向け）"}));
  EXPECT_EQ(listed(ask("来月のセミナーある？", day(2026, 5, 15))),
            (std::vector<std::string>{"SNS活用セミナー（事業者向け）"}));
  // Nothing left this month: say so, and name the next one.
  const decision d = ask("今月の講座は？", day(2026, 5, 25));
  EXPECT_NE(d.message.text.find("今月（5月）これから開催される講座・イベントはありません"),
            std::string::npos)
      << d.message.text;
  EXPECT_EQ(listed(d).front(), "SNS活用セミナー（事業者向け）");
}

TEST_F(calendar_test, when_nothing_is_ahead_the_last_event_held_is_named) {
  const decision d = ask("次のセミナーはいつですか", day(2026, 7, 1));
  EXPECT_EQ(d.chosen, route::answer);
  EXPECT_NE(d.message.text.find("いまはありません"), std::string::npos) << d.message.text;
  EXPECT_NE(d.message.text.find("「SNS活用セミナー（事業者向け）」"), std::string::npos)
      << d.message.text;
  EXPECT_EQ(listed(d), (std::vector<std::string>{"SNS活用セミナー（事業者向け）"}));
}

TEST_F(calendar_test, a_question_that_names_its_event_is_answered_by_the_ranking) {
  const decision d = ask("スマホ教室の締め切りはいつ？", day(2026, 5, 1));
  EXPECT_EQ(d.chosen, route::answer);
  EXPECT_EQ(d.entry_id, "smartphone");
  EXPECT_TRUE(d.message.cards.empty());
  EXPECT_TRUE(d.message.text.starts_with("※申し込みの締め切りは2026年5月13日です。"))
      << d.message.text;
}

TEST_F(calendar_test, other_questions_and_other_deadlines_are_no_calendar_question) {
  EXPECT_EQ(ask("市役所は何時まで開いていますか", day(2026, 5, 1)).entry_id, "counter-hours");
  // A deadline of something else: the city's seminars are no answer to it.
  EXPECT_TRUE(ask("保育園の入園申込みの締め切りを知りたい", day(2026, 5, 1)).message.cards.empty());
}

TEST(calendar_wording_test, an_answer_says_when_registration_closes_or_that_it_has_closed) {
  knowledge::entry e;
  e.answer = "5月に開催します。";
  e.event_start = e.event_end = day(2026, 5, 20);
  e.apply_until = day(2026, 5, 13);
  EXPECT_EQ(answer_as_of(e, day(2026, 5, 1)),
            "※申し込みの締め切りは2026年5月13日です。\n" + e.answer);
  EXPECT_EQ(answer_as_of(e, day(2026, 5, 14)),
            "※申し込みの受け付けは2026年5月13日で締め切りました。\n" + e.answer);
  e.answer = "申し込みの締め切りは5月13日です。";  // already said
  EXPECT_EQ(answer_as_of(e, day(2026, 5, 1)), e.answer);
}

}  // namespace
}  // namespace madoguchi::bot
