// Tests of reply wording: chip titles within the platforms' 20 characters, and past events.
#include "madoguchi/bot/wording.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

std::size_t characters(std::string_view text) {
  return nlp::characters_of(text).size();
}

TEST(short_title_test, a_short_title_is_unchanged) {
  EXPECT_EQ(short_title("もずやん"), "もずやん");
  EXPECT_EQ(short_title("12345678901234567890"), "12345678901234567890");
}

TEST(short_title_test, a_long_title_is_cut_at_a_break_and_marked) {
  const std::string cut =
      short_title("その先へ With Facebook 大阪府（中小・観光ビジネス向けセミナー）");
  EXPECT_LE(characters(cut), chip_title_limit);
  EXPECT_EQ(cut, "その先へ With Facebook…");
  const std::string unbroken =
      short_title("市政情報発信支援プログラムによる職員向けセミナーの案内");
  EXPECT_EQ(characters(unbroken), chip_title_limit);
  EXPECT_TRUE(unbroken.ends_with("…"));
}

knowledge::entry event(std::string answer, const char* start, const char* end) {
  knowledge::entry e;
  e.answer = std::move(answer);
  e.event_start = knowledge::parse_date(start);
  e.event_end = knowledge::parse_date(end);
  return e;
}

constexpr std::chrono::year_month_day day(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                     std::chrono::day{d}};
}

TEST(answer_as_of_test, a_past_event_says_when_it_was_held) {
  const auto e = event("3月17日・18日にセミナーを開催します。", "2026-03-17", "2026-03-18");
  EXPECT_EQ(answer_as_of(e, day(2026, 3, 19)),
            "※このイベントは2026年3月17日〜18日に開催され、終了しています。\n" + e.answer);
  EXPECT_EQ(answer_as_of(e, day(2026, 3, 18)), e.answer);  // the last day is not yet past
  EXPECT_EQ(answer_as_of(e, day(2026, 3, 1)), e.answer);   // upcoming
}

TEST(answer_as_of_test, dates_are_written_for_one_day_and_across_months) {
  EXPECT_TRUE(answer_as_of(event("説明会です。", "2026-04-01", "2026-04-01"), day(2027, 1, 1))
                  .starts_with("※このイベントは2026年4月1日に開催され"));
  EXPECT_TRUE(answer_as_of(event("説明会です。", "2026-04-30", "2026-05-02"), day(2027, 1, 1))
                  .starts_with("※このイベントは2026年4月30日〜2026年5月2日に開催され"));
}

TEST(answer_as_of_test, an_answer_that_already_speaks_of_the_past_or_no_event_is_unchanged) {
  const auto told =
      event("このセミナーは2020年3月17日に開催されました。", "2020-03-17", "2020-03-17");
  EXPECT_EQ(answer_as_of(told, day(2026, 12, 1)), told.answer);
  knowledge::entry plain;
  plain.answer = "無料です。";
  EXPECT_EQ(answer_as_of(plain, day(2026, 12, 1)), plain.answer);
}

}  // namespace
}  // namespace madoguchi::bot
