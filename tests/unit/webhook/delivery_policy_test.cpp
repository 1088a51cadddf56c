// Tests of the retry policy: the Meta and LINE error classes of reliability.md O7/O2, full-jitter
// backoff, Retry-After in both forms, and the circuit breaker's states.
#include "madoguchi/webhook/delivery_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::webhook {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

std::string meta_error(int code) {
  return R"({"error":{"message":"x","type":"OAuthException","code":)" + std::to_string(code) + "}}";
}

TEST(delivery_policy, meta_temporary_codes_are_retried_and_permanent_ones_given_up) {
  for (const int code : {1, 2, 4, 17, 32, 613, 1200}) {
    EXPECT_EQ(classify_meta(400, meta_error(code)).verdict, send_verdict::retry) << code;
  }
  for (const int code : {190, 10, 200, 230, 299, 100, 551}) {
    EXPECT_EQ(classify_meta(400, meta_error(code)).verdict, send_verdict::give_up) << code;
  }
  EXPECT_EQ(classify_meta(200, R"({"message_id":"m"})").verdict, send_verdict::sent);
  // Without a known code the status decides; only server errors count against the breaker.
  EXPECT_EQ(classify_meta(503, "<html>").verdict, send_verdict::retry);
  EXPECT_TRUE(classify_meta(503, "<html>").upstream_failing);
  EXPECT_EQ(classify_meta(429, "").verdict, send_verdict::retry);
  EXPECT_FALSE(classify_meta(429, "").upstream_failing);
  EXPECT_FALSE(classify_meta(400, meta_error(613)).upstream_failing);  // rate limit: it answered
  EXPECT_EQ(classify_meta(403, "{}").verdict, send_verdict::give_up);
}

TEST(delivery_policy, line_retries_only_server_errors_and_rate_limits_and_409_is_delivered) {
  EXPECT_EQ(classify_line(200).verdict, send_verdict::sent);
  EXPECT_EQ(classify_line(409).verdict, send_verdict::sent);
  EXPECT_EQ(classify_line(429).verdict, send_verdict::retry);
  EXPECT_EQ(classify_line(500).verdict, send_verdict::retry);
  EXPECT_TRUE(classify_line(500).upstream_failing);
  EXPECT_EQ(classify_line(400).verdict, send_verdict::give_up);
  EXPECT_EQ(classify_line(401).verdict, send_verdict::give_up);
  EXPECT_TRUE(classify_io_failure().upstream_failing);
}

TEST(delivery_policy, backoff_is_full_jitter_under_a_doubling_ceiling_and_the_cap) {
  const retry_options options;  // base 1 s, cap 5 min
  EXPECT_EQ(backoff_delay(1, options, 0.0), 0ms);
  EXPECT_EQ(backoff_delay(1, options, 0.5), 500ms);
  EXPECT_EQ(backoff_delay(3, options, 0.5), 2000ms);
  EXPECT_EQ(backoff_delay(4, options, 0.999), 7992ms);
  EXPECT_EQ(backoff_delay(30, options, 0.5), 150'000ms);
  EXPECT_EQ(backoff_delay(1000, options, 1.0), 300'000ms);
}

TEST(delivery_policy, retry_after_is_read_as_seconds_or_an_http_date) {
  const auto now = sys_days(2026y / 12 / 2) + 6h;
  EXPECT_EQ(parse_retry_after("7", now), 7s);
  EXPECT_EQ(parse_retry_after(" 120 ", now), 120s);
  EXPECT_EQ(parse_retry_after("Wed, 02 Dec 2026 06:00:30 GMT", now), 30s);
  EXPECT_EQ(parse_retry_after("Wed, 02 Dec 2026 05:00:00 GMT", now), 0s);  // already past
  EXPECT_EQ(parse_retry_after("", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-3", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 32 Dec 2026 06:00:30 GMT", now), std::nullopt);
}

TEST(delivery_policy, retry_after_is_a_floor_on_the_backoff_and_is_capped) {
  const retry_options options;
  EXPECT_EQ(next_delay(1, options, 0.1, 7s), 7000ms);
  EXPECT_EQ(next_delay(20, options, 0.5, 7s), 150'000ms);  // the backoff is already longer
  EXPECT_EQ(next_delay(1, options, 0.1, 24h), 900'000ms);  // capped at 15 min
  EXPECT_EQ(next_delay(1, options, 0.1, std::nullopt), 100ms);
}

TEST(delivery_policy, the_breaker_opens_after_failures_and_closes_after_a_good_probe) {
  retry_options options;
  options.breaker_failures = 3;
  options.breaker_cooldown = 30s;
  circuit_breaker breaker(options);
  const auto t0 = steady_clock::time_point{} + 1h;
  EXPECT_TRUE(breaker.allow(t0));
  breaker.record_failure(t0);
  breaker.record_failure(t0);
  EXPECT_EQ(breaker.current(), circuit_breaker::state::closed);
  breaker.record_failure(t0);
  EXPECT_EQ(breaker.current(), circuit_breaker::state::open);
  // A call let through before it opened succeeds late: that is no probe, it stays open.
  breaker.record_success();
  EXPECT_EQ(breaker.current(), circuit_breaker::state::open);
  EXPECT_FALSE(breaker.allow(t0 + 29s));
  EXPECT_EQ(breaker.retry_at(t0 + 10s), t0 + 30s);
  // After the cool-down one caller probes; the others wait for it.
  EXPECT_TRUE(breaker.allow(t0 + 30s));
  EXPECT_EQ(breaker.current(), circuit_breaker::state::half_open);
  EXPECT_FALSE(breaker.allow(t0 + 30s));
  breaker.record_failure(t0 + 31s);  // the probe failed: open again, for a whole cool-down
  EXPECT_EQ(breaker.current(), circuit_breaker::state::open);
  EXPECT_FALSE(breaker.allow(t0 + 60s));
  EXPECT_TRUE(breaker.allow(t0 + 61s));
  breaker.record_success();
  EXPECT_EQ(breaker.current(), circuit_breaker::state::closed);
  EXPECT_TRUE(breaker.allow(t0 + 61s));
  // A success resets the count: two failures do not open it again.
  breaker.record_failure(t0 + 62s);
  breaker.record_failure(t0 + 62s);
  EXPECT_EQ(breaker.current(), circuit_breaker::state::closed);
}

}  // namespace
}  // namespace madoguchi::webhook
