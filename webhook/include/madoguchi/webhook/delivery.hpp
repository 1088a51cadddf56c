// Delivering one turn of a conversation to the platform it came from, in two steps: plan() turns
// the turn into the platform calls that go into the outbox (no I/O), send() makes one attempt at
// one of them and says whether to retry. One implementation per platform family (and a fake in
// tests/fakes); all run on the delivery strand and share its HTTP client.
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/store/outbox.hpp"
#include "madoguchi/webhook/channel_event.hpp"
#include "madoguchi/webhook/delivery_policy.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::webhook {

struct send_attempt {
  classified result;
  std::string outcome;  // when sent: "replied", "pushed", "logged" (no token configured)
  std::string error;    // otherwise: what failed, for the outbox row and the log
  std::optional<std::chrono::seconds> retry_after;
};

class delivery {
 public:
  virtual ~delivery() = default;

  // Shows the person their message was seen and an answer is coming (mark_seen and typing_on,
  // LINE's loading animation). Best effort: failures are logged, never fatal, never retried.
  // Returns true when the upstream failed (timeout, 5xx): evidence for its circuit breaker.
  virtual boost::asio::awaitable<bool> acknowledge(const std::string& tenant,
                                                   const channel_event& event) = 0;

  // The platform calls that carry out `t` (its reply, and on Meta taking thread control back
  // before and handing it over after), in order. Empty when there is nothing to send.
  virtual std::vector<store::outbox_message> plan(const std::string& tenant,
                                                  const channel_event& event,
                                                  const bot::turn& t) const = 0;

  // One attempt at `m`.
  virtual boost::asio::awaitable<send_attempt> send(const store::outbox_message& m) = 0;
};

// The delivery of each platform family, chosen by an event's or a message's platform name.
struct platform_deliveries {
  delivery& meta;  // "messenger", "instagram"
  delivery& line;
  delivery& of(std::string_view platform) const { return platform == "line" ? line : meta; }
};

}  // namespace madoguchi::webhook
