// File: outbox.hpp
//
// The transactional outbox (reliability.md O1): the platform calls of one decided turn are
// written in the same transaction that stores the session and completes the inbound event, then
// a relay sends them in order, marking each sent right after the platform accepted it. A crash
// between the two loses nothing: pending rows are sent after the restart (at-least-once; LINE's
// retry key makes pushes exactly-once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

struct outbox_message {
  std::int64_t id = 0;  // assigned by add()
  std::int64_t journal_id = 0;
  std::string tenant;
  std::string platform;     // "messenger", "instagram", "line"
  std::string account_id;   // the Page or Instagram account (Meta); "" for LINE
  std::string recipient;    // the platform's id of the person: needed to send, never logged
  std::string kind;         // Meta: the Send API edge; LINE: "reply" (push when refused) or "push"
  std::string body;         // Meta: the request body; LINE: the messages array
  std::string reply_token;  // LINE "reply"
  std::int64_t reply_deadline_ms = 0;  // LINE: after this the token is stale; push instead
  std::string retry_key;               // LINE push: X-Line-Retry-Key, the same on every attempt
  bool critical = false;               // a safety answer: a dead letter raises an operator alert
  bool best_effort = false;            // a refusal is expected and harmless (take_thread_control)
  int attempts = 0;
  std::int64_t next_attempt_ms = 0;  // epoch milliseconds; 0: at once
  std::int64_t created_ms = 0;       // epoch milliseconds
  bool operator==(const outbox_message&) const = default;
};

class outbox {
 public:
  virtual ~outbox() = default;

  // Appends `messages` in order (call inside database::in_transaction with the turn's other
  // writes) and sets their ids.
  virtual void add(std::vector<outbox_message>& messages) = 0;

  // Messages not yet sent or given up, oldest first: what a restart must still send.
  virtual std::vector<outbox_message> pending() = 0;

  // The platform accepted the message; `outcome` is e.g. "replied" or "pushed".
  virtual void mark_sent(std::int64_t id, std::string_view outcome) = 0;

  // A failed attempt to be retried at `next_attempt_ms`; `error` is the platform's message.
  virtual void reschedule(std::int64_t id, int attempts, std::int64_t next_attempt_ms,
                          std::string_view error) = 0;

  // Not to be retried: the dead letter keeps the message and why (reliability.md O8).
  virtual void give_up(std::int64_t id, std::string_view reason) = 0;

  // How many messages are waiting to be sent.
  virtual std::int64_t depth() = 0;
};

}  // namespace madoguchi::store
