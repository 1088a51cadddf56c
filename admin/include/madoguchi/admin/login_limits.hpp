// File: login_limits.hpp
//
// The brute-force limits of staff sign-in (reliability.md S4; ASVS 5.0 6.3.1, 4.0.3 2.2.1): per
// account a wait that grows with each failure in a row instead of a hard lockout, so a guesser
// gets at most a handful of tries an hour and the owner is kept out for minutes, not until an
// admin steps in; per client address a cap on failures, so one address cannot try a password on
// every account.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace madoguchi::admin {

inline constexpr int failures_before_delay = 5;
inline constexpr std::chrono::seconds longest_login_delay{15 * 60};

// How long an account waits after `failures` failed logins in a row: none below 5, `first` at
// the 5th, then twice as long with each further failure, never more than 15 minutes.
std::chrono::seconds login_delay(int failures, std::chrono::seconds first);

// Failed logins per client address in a sliding window, in memory. Not thread-safe: one thread
// (the storage thread, beside the account rows) uses it. Holds at most `max_addresses`
// addresses; beyond, the one whose last failure is oldest is forgotten first.
class address_limiter {
 public:
  explicit address_limiter(std::size_t max_failures = 20,
                           std::chrono::seconds window = std::chrono::minutes(10),
                           std::size_t max_addresses = 10'000);

  // How long `address` must wait at `now` (seconds since the epoch) before it may try again;
  // zero when it may.
  std::chrono::seconds wait(const std::string& address, std::int64_t now);

  void record_failure(const std::string& address, std::int64_t now);

  std::size_t addresses() const { return failures_.size(); }

 private:
  // Drops the failures of `times` that have left the window at `now`.
  void forget_old(std::deque<std::int64_t>& times, std::int64_t now) const;
  void make_room(std::int64_t now);

  std::size_t max_failures_;
  std::int64_t window_;
  std::size_t max_addresses_;
  std::unordered_map<std::string, std::deque<std::int64_t>> failures_;  // oldest first
};

// Failed logins under names no account has, in memory, waited exactly as an account's are
// (login_delay): otherwise a name that is refused with a wait after five failures is one that
// exists. Not thread-safe (the storage thread); holds at most `max_names` names, forgetting the
// one whose last failure is oldest first.
class unknown_name_limiter {
 public:
  explicit unknown_name_limiter(std::size_t max_names = 10'000) : max_names_(max_names) {}

  // Until when (seconds since the epoch) `name` waits; 0 or a past time when it may try.
  std::int64_t locked_until(const std::string& name) const;

  // Counts a failure under `name` at `now`; returns until when it must wait (0: no wait).
  std::int64_t record_failure(const std::string& name, std::int64_t now,
                              std::chrono::seconds first_delay);

  std::size_t names() const { return names_.size(); }

 private:
  struct failures {
    int in_a_row = 0;
    std::int64_t last = 0;
    std::int64_t locked_until = 0;
  };
  std::size_t max_names_;
  std::unordered_map<std::string, failures> names_;
};

// Every limit of sign-in the server keeps in memory.
struct login_limiters {
  address_limiter addresses;
  unknown_name_limiter unknown_names;
};

}  // namespace madoguchi::admin
