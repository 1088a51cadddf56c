// Tests of the responder against an injected date: validity windows, past and upcoming events,
// and chip titles within the platforms' limit.
#include "madoguchi/bot/conversation.hpp"
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

knowledge::entry seminar(std::string id, std::string title, const char* from, const char* until) {
  knowledge::entry e;
  e.tenant = "city";
  e.id = std::move(id);
  e.title = std::move(title);
  e.questions = {"プログラミング講座の申し込み", "プログラミング講座はいつですか"};
  e.answer = "プログラミング講座を5月10日に開催します。";
  e.valid_from = knowledge::parse_date(from);
  e.valid_until = knowledge::parse_date(until);
  e.event_start = knowledge::parse_date("2026-05-10");
  e.event_end = knowledge::parse_date("2026-05-10");
  return e;
}

class responder_clock_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::shared_ptr<const nlp::analyzer> analyzer =
        nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR});
    kb_ = std::make_unique<knowledge::index>(
        std::vector<knowledge::entry>{
            seminar("spring", "春のプログラミング講座（市民会館・小学生と保護者向け・要予約）",
                    "2026-04-01", "2026-06-30"),
            seminar("winter", "冬のプログラミング講座", "2026-11-01", "2027-01-31")},
        analyzer);
  }
  static void TearDownTestSuite() { kb_.reset(); }
  static decision ask(std::string text, std::chrono::year_month_day today,
                      responder_options options = {}) {
    message in;
    in.text = std::move(text);
    options.today = today;
    return decide(*kb_, "city", in, options);
  }
  // A conversation's turn at `now`, with no date of its own in the options.
  static turn say_at(std::string text, clock_seconds now) {
    message in;
    in.text = std::move(text);
    return converse(*kb_, "city", in, session{}, now, {});
  }

 private:
  static std::unique_ptr<knowledge::index> kb_;
};

std::unique_ptr<knowledge::index> responder_clock_test::kb_;

TEST_F(responder_clock_test, only_entries_valid_on_the_day_are_candidates) {
  const decision april = ask("プログラミング講座の申し込み", day(2026, 4, 20));
  ASSERT_EQ(april.candidates.size(), 1u);
  EXPECT_EQ(april.candidates[0].entry_id, "spring");
  const decision december = ask("プログラミング講座の申し込み", day(2026, 12, 1));
  ASSERT_EQ(december.candidates.size(), 1u);
  EXPECT_EQ(december.candidates[0].entry_id, "winter");
  EXPECT_TRUE(ask("プログラミング講座の申し込み", day(2026, 9, 1)).candidates.empty());
}

TEST_F(responder_clock_test, a_past_event_is_described_as_past_and_an_upcoming_one_is_not) {
  const decision before = ask("プログラミング講座はいつですか", day(2026, 5, 1));
  ASSERT_EQ(before.chosen, route::answer) << before.confidence;
  EXPECT_EQ(before.message.text, "プログラミング講座を5月10日に開催します。");
  const decision after = ask("プログラミング講座はいつですか", day(2026, 5, 11));
  ASSERT_EQ(after.chosen, route::answer);
  EXPECT_TRUE(
      after.message.text.starts_with("※このイベントは2026年5月10日に開催され、終了しています。"))
      << after.message.text;
}

// The turn's date is `now` in Japan (UTC+9), not the machine's clock: the spring course ends on
// 30 June, which in Japan ends at 15:00 UTC.
TEST_F(responder_clock_test, a_turn_is_dated_by_its_now_in_japan) {
  using namespace std::chrono;
  const clock_seconds last_minute = sys_days{day(2026, 6, 30)} + 14h + 59min;
  const clock_seconds next_day = sys_days{day(2026, 6, 30)} + 15h;
  const turn on_the_last_day = say_at("プログラミング講座の申し込み", last_minute);
  ASSERT_TRUE(on_the_last_day.reply);
  ASSERT_EQ(on_the_last_day.reply->candidates.size(), 1u);
  EXPECT_EQ(on_the_last_day.reply->candidates[0].entry_id, "spring");
  const turn after_it = say_at("プログラミング講座の申し込み", next_day);
  ASSERT_TRUE(after_it.reply);
  EXPECT_TRUE(after_it.reply->candidates.empty());
  EXPECT_EQ(date_in_japan(next_day), day(2026, 7, 1));
}

TEST_F(responder_clock_test, clarify_chips_fit_the_platforms_title_limit) {
  const knowledge::index both(
      {seminar("spring", "春のプログラミング講座（市民会館・小学生と保護者向け・要予約）",
               "2026-04-01", "2026-06-30"),
       seminar("summer", "夏のプログラミング講座", "2026-04-01", "2026-08-31")},
      nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR}));
  message in;
  in.text = "プログラミング講座";
  responder_options options;
  options.answer_confidence = 1.5;  // never answer: every ranked question clarifies
  options.clarify_confidence = 0;
  options.today = day(2026, 4, 20);
  const decision d = decide(both, "city", in, options);
  ASSERT_EQ(d.chosen, route::clarify);
  ASSERT_EQ(d.message.quick_replies.size(), 2u);
  for (const quick_reply& q : d.message.quick_replies) {
    if (q.payload == "entry:spring") {
      EXPECT_EQ(q.title, "春のプログラミング講座…");
    }
  }
}

TEST_F(responder_clock_test, a_choice_of_one_is_a_fallback) {
  responder_options options;
  options.answer_confidence = 1.5;
  options.clarify_confidence = 0;
  const decision d = ask("プログラミング講座", day(2026, 4, 20), options);  // only spring is valid
  EXPECT_EQ(d.chosen, route::fallback);
  EXPECT_FALSE(d.candidates.empty());
}

TEST(today_in_japan_test, is_a_real_date) {
  EXPECT_TRUE(today_in_japan().ok());
  EXPECT_GE(today_in_japan().year(), std::chrono::year{2024});
}

}  // namespace
}  // namespace madoguchi::bot
