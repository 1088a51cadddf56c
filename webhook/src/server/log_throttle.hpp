// At most one log line per interval for an event that can happen thousands of times a second
// (refused connections, accept failures): the first is logged at once, the rest are counted.
#pragma once

#include <chrono>
#include <cstdint>
#include <utility>

namespace madoguchi::webhook {

class log_throttle {
 public:
  explicit log_throttle(std::chrono::steady_clock::duration interval) : interval_(interval) {}

  // Counts one event. Returns how many happened since the last line when a line is due now,
  // 0 when this one is only counted.
  std::uint64_t count(std::chrono::steady_clock::time_point now) {
    ++pending_;
    if (now < next_) {
      return 0;
    }
    next_ = now + interval_;
    return std::exchange(pending_, 0);
  }

 private:
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point next_{};
  std::uint64_t pending_ = 0;
};

}  // namespace madoguchi::webhook
