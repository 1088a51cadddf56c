// Delivering one turn of a conversation to the platform it came from. One implementation per
// platform family; all run on the delivery strand and share its HTTP client.
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/webhook/channel_event.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace madoguchi::webhook {

class delivery {
 public:
  virtual ~delivery() = default;

  // Shows the person their message was seen and an answer is coming (mark_seen and typing_on,
  // LINE's loading animation). Best effort: failures are logged, never fatal.
  virtual boost::asio::awaitable<void> acknowledge(const std::string& tenant,
                                                   const channel_event& event) = 0;

  // Sends `t.reply` (taking thread control back first and handing it over after, as `t` says).
  // Returns the journal outcome: "replied", "pushed", "logged" (no token configured),
  // "nothing_to_send", "send_failed" (I/O) or "send_rejected" (the platform refused).
  virtual boost::asio::awaitable<std::string> deliver(const std::string& tenant,
                                                      const channel_event& event,
                                                      const bot::turn& t) = 0;
};

}  // namespace madoguchi::webhook
