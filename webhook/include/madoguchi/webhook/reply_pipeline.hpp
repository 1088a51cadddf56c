// File: reply_pipeline.hpp
//
// From a journaled inbound event to a delivered reply. Per conversation (tenant, channel,
// sender) events are handled one at a time, in order: load the session on the database thread,
// decide the turn (bot) on the compute pool, render on the delivery strand, store the session,
// the platform calls (the outbox) and the journal outcome in one transaction, then send the
// calls with retries (delivery_policy.hpp). Events journaled but not handled, and outbox messages
// not sent, before a stop are resumed at start.
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/bot/flood_guard.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/store/database.hpp"
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
};

class reply_pipeline {
 public:
  // `db` and `knowledge` must outlive the pipeline.
  reply_pipeline(const pipeline_executors& executors, store::database& db,
                 const knowledge::index_holder& knowledge, pipeline_options options);
  ~reply_pipeline();

  // Starts handling `events` (already journaled) and returns at once. Thread-safe.
  void submit(std::vector<store::journaled_event> events);

  // Resumes the outbox messages not yet sent, then submits every journaled event that was never
  // completed. Runs the queries on the storage executor; returns the number of events.
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
