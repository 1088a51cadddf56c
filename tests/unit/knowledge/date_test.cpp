// Tests of knowledge::parse_date and knowledge::format_date (ISO 8601 calendar dates).
#include "madoguchi/knowledge/entry.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::knowledge {
namespace {

using namespace std::chrono;

TEST(date_test, parses_a_valid_date) {
  const auto date = parse_date("2020-03-17");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(*date, 2020y / March / 17);
}

TEST(date_test, formats_with_leading_zeros) {
  EXPECT_EQ(format_date(2019y / September / 4), "2019-09-04");
  EXPECT_EQ(format_date(year{7} / January / 1), "0007-01-01");
}

TEST(date_test, round_trips) {
  for (const char* text : {"2019-09-04", "2020-02-29", "1999-12-31", "2026-11-22", "0001-01-01"}) {
    const auto date = parse_date(text);
    ASSERT_TRUE(date.has_value()) << text;
    EXPECT_EQ(format_date(*date), text);
  }
}

TEST(date_test, accepts_february_29_only_in_leap_years) {
  EXPECT_TRUE(parse_date("2020-02-29").has_value());
  EXPECT_TRUE(parse_date("2000-02-29").has_value());
  EXPECT_FALSE(parse_date("2021-02-29").has_value());
  EXPECT_FALSE(parse_date("1900-02-29").has_value());
}

TEST(date_test, rejects_impossible_dates) {
  for (const char* text :
       {"2020-02-30", "2020-04-31", "2020-13-01", "2020-00-10", "2020-01-00", "2020-01-32"}) {
    EXPECT_FALSE(parse_date(text).has_value()) << text;
  }
}

TEST(date_test, rejects_garbage) {
  for (const char* text :
       {"", "garbage", "2020/03/17", "2020-3-17", "20-03-17", "2020-03-17x", " 2020-03-17",
        "2020-03-1", "2020-03-17T00:00", "abcd-ef-gh", "2020-0a-17", "2020--3-17", "2020-+3-17",
        "+020-03-17", "2020-03- 7", "２０２０-03-17"}) {
    EXPECT_FALSE(parse_date(text).has_value()) << "'" << text << "'";
  }
}

// Regression: std::from_chars accepts a sign, so "-020-03-17" once parsed as the year -20.
TEST(date_test, rejects_a_negative_year) {
  EXPECT_FALSE(parse_date("-020-03-17").has_value());
}

}  // namespace
}  // namespace madoguchi::knowledge
