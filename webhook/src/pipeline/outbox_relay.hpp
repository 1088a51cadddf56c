// The sending half of the outbox (reliability.md §3): a decided turn's platform calls are sent
// in order, each retried with capped exponential backoff and full jitter (Retry-After as a
// floor) until the platform accepts it, refuses it for good, or the give-up deadline passes; a
// circuit breaker per upstream pauses sending during an outage. Runs on the delivery strand.
#pragma once

#include "madoguchi/store/database.hpp"
#include "madoguchi/webhook/delivery.hpp"
#include "madoguchi/webhook/delivery_policy.hpp"
#include "madoguchi/webhook/reply_pipeline.hpp"
#include "madoguchi/webhook/write_batcher.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace madoguchi::webhook {

// Milliseconds since the epoch: the outbox's clock.
std::int64_t epoch_milliseconds();

// The journal outcome of a turn from its messages' outcomes: "undeliverable" if any was given
// up, else the last one's ("replied", "pushed", "logged").
std::string turn_outcome(const std::vector<std::string>& outcomes);

class outbox_relay {
 public:
  // `db` and the deliveries must outlive the relay.
  outbox_relay(const pipeline_executors& executors, store::database& db, write_batcher& writes,
               platform_deliveries deliveries, const retry_options& options,
               std::string pseudonym_key);

  // Sends `messages` (one turn's, already in the outbox) in order. Each message's final state is
  // stored as soon as it is known, the last one's in the same transaction as the turn's journal
  // outcome, so that a crash leaves no turn half-recorded. Returns that outcome.
  boost::asio::awaitable<std::string> finish_turn(std::int64_t journal_id,
                                                  std::vector<store::outbox_message> messages);

  // The sender actions for `event` (delivery::acknowledge), skipped while either of its
  // upstream's breakers is not closed: they are cosmetic, and against a hung upstream each would
  // hold the turn for the whole request timeout. They have a breaker of their own, so that an
  // upstream that refuses only them (LINE's loading animation in a group) never holds answers.
  boost::asio::awaitable<void> acknowledge(const std::string& tenant, const channel_event& event);

  // Sends `messages` (not in the outbox: the database is failing) with a few quick retries and
  // no storage at all. For the safety answer, which must not wait for the database.
  boost::asio::awaitable<void> send_without_storage(std::vector<store::outbox_message> messages);

 private:
  struct delivery_result {
    bool dead = false;
    std::string outcome;  // sent: "replied", "pushed", "logged", "refused_harmlessly"
    std::string reason;   // dead: why
  };
  // `durable`: `m` is in the outbox, and each failed attempt is recorded there.
  boost::asio::awaitable<delivery_result> send_until_done(store::outbox_message& m, bool durable);
  void log_dead_letter(const store::outbox_message& m, const std::string& reason) const;
  // One upstream's breakers: its answers', and its sender actions'.
  struct upstream_breakers {
    explicit upstream_breakers(const retry_options& options)
        : answers(options), sender_actions(options) {}
    circuit_breaker answers;
    circuit_breaker sender_actions;
  };
  upstream_breakers& breakers_for(std::string_view platform) {
    return platform == "line" ? line_breakers_ : meta_breakers_;
  }
  // Records one answer's verdict on its upstream in the breaker, its metric and (on a change of
  // state) the log.
  void record_upstream(std::string_view platform, bool failing);
  // Publishes the answers' breaker's state after a change from `before`.
  void note_breaker(std::string_view platform, circuit_breaker::state before);
  // Logs a change of the sender actions' breaker from `before`.
  void note_sender_action_breaker(std::string_view platform, circuit_breaker::state before);

  pipeline_executors executors_;
  store::database& db_;
  write_batcher& writes_;
  platform_deliveries deliveries_;
  retry_options options_;
  std::string pseudonym_key_;
  upstream_breakers meta_breakers_;  // Graph API (Messenger, Instagram)
  upstream_breakers line_breakers_;  // LINE Messaging API
  std::mt19937_64 jitter_{std::random_device{}()};
};

}  // namespace madoguchi::webhook
