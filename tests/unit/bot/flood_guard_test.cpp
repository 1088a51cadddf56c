// Tests of the per-person flood guard: the burst is answered, the first message over it is
// warned, the rest ignored, the window frees the person again, and people do not share limits.
#include "madoguchi/bot/flood_guard.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

using namespace std::chrono_literals;

TEST(flood_guard, a_burst_is_answered_then_warned_once_then_ignored_until_the_window_passes) {
  flood_guard guard({.burst = 3, .window = 60s});
  const std::chrono::sys_seconds t0{1'700'000'000s};
  EXPECT_EQ(guard.check("a", t0), flood_verdict::answer);
  EXPECT_EQ(guard.check("a", t0 + 1s), flood_verdict::answer);
  EXPECT_EQ(guard.check("a", t0 + 2s), flood_verdict::answer);
  EXPECT_EQ(guard.check("a", t0 + 3s), flood_verdict::warn);
  EXPECT_EQ(guard.check("a", t0 + 4s), flood_verdict::ignore);
  EXPECT_EQ(guard.check("b", t0 + 4s), flood_verdict::answer);  // another person
  EXPECT_EQ(guard.check("a", t0 + 59s), flood_verdict::ignore);
  // The first message of the burst left the window: one more is answered.
  EXPECT_EQ(guard.check("a", t0 + 60s), flood_verdict::answer);
  EXPECT_EQ(guard.check("a", t0 + 60s), flood_verdict::warn);
  EXPECT_EQ(guard.check("a", t0 + 200s), flood_verdict::answer);
}

TEST(flood_guard, idle_people_are_forgotten) {
  flood_guard guard({.burst = 2, .window = 10s});
  const std::chrono::sys_seconds t0{1'700'000'000s};
  for (int i = 0; i < 1000; ++i) {
    guard.check("p" + std::to_string(i), t0);
  }
  EXPECT_EQ(guard.tracked(), 1000u);
  for (int i = 0; i < 1100; ++i) {
    guard.check("late", t0 + 60s);
  }
  EXPECT_LE(guard.tracked(), 2u);
}

TEST(flood_guard, the_slow_down_reply_says_how_long_to_wait) {
  EXPECT_NE(slow_down_reply().text.find("1分"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::bot
