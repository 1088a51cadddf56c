// File: reply_pipeline.hpp
//
// From a journaled inbound event to a delivered reply. Per conversation (tenant, channel,
// sender) events are handled one at a time, in order: load the session on the database thread,
// decide the turn (bot::take_turn) on the compute pool, render on the delivery strand, store the
// session, the platform calls (the outbox) and the journal outcome in one transaction (shared
// with the other turns stored at the same time: write_batcher.hpp), then send the calls with
// retries (delivery_policy.hpp). Events journaled but not handled, and outbox messages
// not sent, before a stop are resumed at start.
//
// Memory is bounded under any load: at most `max_unfinished` events are held in memory; beyond
// that, new events wait in the journal on disk and are read back, oldest first, as the pipeline
// catches up, while intake is held back (wait_for_room) so that acknowledging does not run ahead
// of answering.
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/bot/flood_guard.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/store/database.hpp"
#include "madoguchi/webhook/delivery.hpp"
#include "madoguchi/webhook/delivery_policy.hpp"
#include "madoguchi/webhook/http_client.hpp"
#include "madoguchi/webhook/line_options.hpp"
#include "madoguchi/webhook/messenger_options.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

namespace madoguchi::webhook {

struct pipeline_executors {
  boost::asio::any_io_executor delivery;  // a strand: owns the HTTP client and the queues
  boost::asio::any_io_executor compute;   // matching
  boost::asio::any_io_executor storage;   // the one thread that touches the database
};

struct pipeline_options {
  bot::conversation_options conversation;
  messenger_options messenger;
  line_options line;
  client_options client;
  retry_options retry;
  bot::flood_options flood;   // per person; safety-route messages are never limited
  std::string pseudonym_key;  // keys the sender pseudonyms written to logs
  // Meta allows standard replies within 24 hours of the person's last message.
  std::chrono::hours messaging_window{24};
  // The sender actions (read, typing; LINE's loading animation) go out only when the answer is
  // not out this long after the message was taken up: off the answer's path, and only when a
  // person is left waiting.
  std::chrono::milliseconds typing_after{1000};
  // Events held in memory at once (taken up, not yet finished); more wait in the journal.
  std::size_t max_unfinished = 512;
  // How long a webhook request is held back while the pipeline is full, before its events are
  // journaled anyway (never refused: LINE does not redeliver by default, and expects an answer
  // within about a second).
  std::chrono::milliseconds intake_patience{500};
};

class reply_pipeline {
 public:
  // `db` and `knowledge` must outlive the pipeline.
  reply_pipeline(const pipeline_executors& executors, store::database& db,
                 const knowledge::index_holder& knowledge, pipeline_options options);
  // The same, delivering through `deliveries` (which must outlive the pipeline) instead of the
  // platforms' HTTP APIs: the pipeline under test with a fake delivery.
  reply_pipeline(const pipeline_executors& executors, store::database& db,
                 const knowledge::index_holder& knowledge, pipeline_options options,
                 platform_deliveries deliveries);
  ~reply_pipeline();

  // Returns once the pipeline has room for more events, or after `intake_patience`: holds back
  // a platform that sends faster than answers go out. Thread-safe.
  boost::asio::awaitable<void> wait_for_room();

  // Starts handling `events` (already journaled; when the pipeline is full, later, from the
  // journal) and returns at once. Thread-safe.
  void submit(std::vector<store::journaled_event> events);

  // Resumes the outbox messages not yet sent, then the journaled events that were never
  // completed (read from the journal as room allows). Runs the queries on the storage executor;
  // returns the number of events.
  boost::asio::awaitable<std::size_t> replay_pending();

  // For events that could not be journaled (the database is failing): answers those that signal
  // self-harm or abuse with the hotlines at once, from memory. Returns at once. Thread-safe.
  void answer_safety_without_storage(std::vector<store::inbound_event> records);

  // Forgets what is stored about `sender` on `platform` (store::privacy), on the storage
  // executor.
  boost::asio::awaitable<store::forgotten> forget(std::string platform, std::string sender);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace madoguchi::webhook
