// File: reply_pipeline.hpp
//
// From a journaled inbound event to a delivered reply. Per conversation (tenant, channel,
// sender) events are handled one at a time, in order: load the session on the database thread,
// decide the turn (bot) on the compute pool, render and send on the delivery strand, then store
// the session and the journal outcome. Events journaled but not handled before a stop are
// replayed at start.
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/store/database.hpp"
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
  std::string pseudonym_key;  // keys the sender pseudonyms written to logs
  // Meta allows standard replies within 24 hours of the person's last message.
  std::chrono::hours messaging_window{24};
};

class reply_pipeline {
 public:
  // `db` and `knowledge` must outlive the pipeline.
  reply_pipeline(const pipeline_executors& executors, store::database& db,
                 const knowledge::index_holder& knowledge, pipeline_options options);
  ~reply_pipeline();

  // Starts handling `events` (already journaled) and returns at once. Thread-safe.
  void submit(std::vector<store::journaled_event> events);

  // Submits every journaled event that was never completed. Runs the query on the storage
  // executor.
  boost::asio::awaitable<std::size_t> replay_pending();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace madoguchi::webhook
