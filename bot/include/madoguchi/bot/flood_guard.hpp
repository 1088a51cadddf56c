// File: flood_guard.hpp
//
// Per-person flood control against spam: beyond `burst` messages within `window`, the person is
// told once, politely, to wait, and further messages in the window are not answered. The caller
// never limits a safety-route message: a person in crisis is answered however often they write.
//
// Thread safety: none; one guard belongs to one strand.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace madoguchi::bot {

struct flood_options {
  std::size_t burst = 10;  // messages a person may send within `window` and all be answered
  std::chrono::seconds window{60};
};

enum class flood_verdict {
  answer,  // within the limit
  warn,    // the first message over it: say "please wait"
  ignore,  // over it, already told
};

class flood_guard {
 public:
  explicit flood_guard(flood_options options = {}) : options_(options) {}

  // Counts a message of `person` at `now` and says how to treat it.
  flood_verdict check(const std::string& person, std::chrono::sys_seconds now);

  // How many people are tracked (bounded: idle ones are forgotten).
  std::size_t tracked() const { return people_.size(); }

 private:
  struct history {
    // Oldest first; at most `burst`. A vector, not a deque: a deque's first block is 512 bytes,
    // and a busy hour tracks hundreds of thousands of people.
    std::vector<std::chrono::sys_seconds> recent;
    bool warned = false;
  };
  void forget_idle(std::chrono::sys_seconds now);

  flood_options options_;
  std::unordered_map<std::string, history> people_;
  std::size_t checks_since_sweep_ = 0;
};

// The polite "please wait a minute" reply.
reply slow_down_reply();

}  // namespace madoguchi::bot
