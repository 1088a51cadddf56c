// File: delivery_policy.hpp
//
// When to send again (reliability.md §3): which platform answers are worth a retry, how long to
// wait (capped exponential backoff with full jitter, Retry-After as a floor), and a circuit
// breaker per upstream so that an outage is probed, not hammered. Plain functions and one small
// state machine: no I/O, no clocks of their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::webhook {

struct retry_options {
  std::chrono::milliseconds base{1000};           // the first retry waits up to this
  std::chrono::milliseconds cap{5 * 60 * 1000};   // no wait is longer
  std::chrono::seconds retry_after_cap{15 * 60};  // a platform's Retry-After beyond this is capped
  // Give up after this long: LINE's retry key lives 24 h, Meta's standard window is 24 h.
  std::chrono::hours give_up_after{24};
  unsigned breaker_failures = 5;  // consecutive failures that open the breaker
  std::chrono::milliseconds breaker_cooldown{30 * 1000};  // open → one probe after this
};

enum class send_verdict {
  sent,     // accepted (LINE 409: a push with this retry key was already accepted)
  retry,    // temporary: I/O error, timeout, 429, 5xx, Meta's temporary error codes
  give_up,  // will never succeed: invalid token, permissions, no such person, bad request
};

struct classified {
  send_verdict verdict = send_verdict::retry;
  bool upstream_failing = false;  // counts towards the breaker (5xx, timeout), unlike a 4xx
};

// A Graph API (Messenger, Instagram) response; reliability.md O7.
classified classify_meta(unsigned status, std::string_view body);

// A LINE Messaging API response; 409 is success for a push with a retry key (O2).
classified classify_line(unsigned status);

// An I/O failure (refused, reset, timeout, TLS): retry, and the upstream is failing.
classified classify_io_failure();

// Full jitter: a wait drawn uniformly from [0, min(cap, base · 2^(attempt-1))], `unit` in [0, 1).
std::chrono::milliseconds backoff_delay(int attempt, const retry_options& options, double unit);

// Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), relative to `now`; nullopt when
// absent or unparsable. A date in the past is zero.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

// The wait before the next attempt: the jittered backoff, but never less than the platform's
// Retry-After (itself capped).
std::chrono::milliseconds next_delay(int attempt, const retry_options& options, double unit,
                                     std::optional<std::chrono::seconds> retry_after);

// closed → open after `breaker_failures` consecutive upstream failures → after the cool-down one
// probe (half-open) → closed when it succeeds, open again when it fails. Only the probe closes an
// open breaker: a late success of a call let through before it opened says nothing about the
// upstream now. Not thread-safe: owned by the delivery strand.
class circuit_breaker {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  enum class state { closed, open, half_open };

  explicit circuit_breaker(const retry_options& options) : options_(options) {}

  // May a call go out now? In the open state after the cool-down, the first caller becomes the
  // probe; the others wait for its result.
  bool allow(time_point now);
  // When a caller refused by allow() should ask again.
  time_point retry_at(time_point now) const;
  void record_success();
  void record_failure(time_point now);
  state current() const { return state_; }

 private:
  retry_options options_;
  state state_ = state::closed;
  unsigned failures_ = 0;
  time_point opened_at_{};
};

std::string_view to_string(circuit_breaker::state s);

}  // namespace madoguchi::webhook
