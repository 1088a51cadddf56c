// The brute-force limits of staff sign-in (reliability.md S4, matrix row 26): growing waits per
// account that allow at most ~100 failures an hour (ASVS 4.0.3 2.2.1), and the failure window
// per client address.
#include "madoguchi/admin/login_limits.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::admin {
namespace {

using std::chrono::seconds;

TEST(LoginDelayTest, StartsAtTheFifthFailureAndDoublesUpToFifteenMinutes) {
  const seconds first{60};
  for (int failures = 0; failures < 5; ++failures) {
    EXPECT_EQ(login_delay(failures, first), seconds(0)) << failures;
  }
  EXPECT_EQ(login_delay(5, first), seconds(60));
  EXPECT_EQ(login_delay(6, first), seconds(120));
  EXPECT_EQ(login_delay(7, first), seconds(240));
  EXPECT_EQ(login_delay(8, first), seconds(480));
  EXPECT_EQ(login_delay(9, first), seconds(900));  // 960 capped
  EXPECT_EQ(login_delay(10, first), seconds(900));
  EXPECT_EQ(login_delay(1'000'000, first), seconds(900));
  EXPECT_EQ(login_delay(5, seconds(1)), seconds(1));
  EXPECT_EQ(login_delay(7, seconds(1)), seconds(4));
}

// A guesser who tries again the moment each wait ends.
int failures_possible_within(seconds span) {
  int failures = 0;
  seconds at{0};
  while (at < span) {
    ++failures;
    at += std::max(seconds(1), login_delay(failures, seconds(60)));
  }
  return failures;
}

TEST(LoginDelayTest, AtMostAHundredFailuresAnHourOnOneAccount) {
  // At 0, 1, 2, 3, 4 s, then after waits of 1, 2, 4, 8 and 15 minutes.
  EXPECT_EQ(failures_possible_within(std::chrono::hours(1)), 11);
  EXPECT_LE(failures_possible_within(std::chrono::hours(1)), 100);
  // Afterwards 4 an hour: one every 15 minutes.
  EXPECT_EQ(failures_possible_within(std::chrono::hours(2)) - 11, 4);
}

TEST(AddressLimiterTest, RefusesAfterTwentyFailuresInTenMinutesUntilTheOldestLeaves) {
  address_limiter limiter;
  for (int n = 0; n < 20; ++n) {
    EXPECT_EQ(limiter.wait("192.0.2.1", 1000 + n), seconds(0)) << n;
    limiter.record_failure("192.0.2.1", 1000 + n);
  }
  EXPECT_EQ(limiter.wait("192.0.2.1", 1020), seconds(580));  // the first leaves at 1600
  EXPECT_EQ(limiter.wait("192.0.2.2", 1020), seconds(0));    // another address
  EXPECT_EQ(limiter.wait("192.0.2.1", 1599), seconds(1));
  EXPECT_EQ(limiter.wait("192.0.2.1", 1600), seconds(0));
}

TEST(AddressLimiterTest, ForgetsTheStalestAddressWhenFull) {
  address_limiter limiter(2, seconds(600), 3);
  limiter.record_failure("a", 10);
  limiter.record_failure("a", 11);
  limiter.record_failure("b", 20);
  limiter.record_failure("c", 30);
  limiter.record_failure("d", 40);  // full: "a" is stalest
  EXPECT_EQ(limiter.addresses(), 3u);
  EXPECT_EQ(limiter.wait("a", 41), seconds(0));
  limiter.record_failure("d", 41);
  EXPECT_GT(limiter.wait("d", 42), seconds(0));
  // Expired addresses make room before any live one is dropped.
  limiter.record_failure("e", 635);
  EXPECT_EQ(limiter.addresses(), 2u);  // d (40 and 41 still in the window) and e
}

}  // namespace
TEST(UnknownNameLimiterTest, WaitsAsAnAccountWouldAndForgetsTheStalestNameWhenFull) {
  unknown_name_limiter limiter(2);
  for (int failure = 1; failure <= 4; ++failure) {
    EXPECT_EQ(limiter.record_failure("nobody", 100, seconds(60)), 0) << failure;
  }
  EXPECT_EQ(limiter.record_failure("nobody", 100, seconds(60)), 160);
  EXPECT_EQ(limiter.locked_until("nobody"), 160);
  EXPECT_EQ(limiter.record_failure("nobody", 170, seconds(60)), 290);  // doubled
  limiter.record_failure("a", 200, seconds(60));
  limiter.record_failure("b", 300, seconds(60));  // full: "nobody" (last failure 170) goes
  EXPECT_EQ(limiter.names(), 2u);
  EXPECT_EQ(limiter.locked_until("nobody"), 0);
}

}  // namespace madoguchi::admin
