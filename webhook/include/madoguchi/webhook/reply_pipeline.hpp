// File: reply_pipeline.hpp
//
// From a journaled inbound event to a delivered reply: decide (bot) on the compute pool, render
// for the platform and send on the delivery strand, record the outcome in the journal on the
// database thread. Events journaled but not handled before a stop are replayed at start.
#pragma once

#include "madoguchi/bot/responder.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/store/database.hpp"
#include "madoguchi/webhook/http_client.hpp"
#include "madoguchi/webhook/messenger_options.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

namespace madoguchi::webhook {

struct pipeline_executors {
  boost::asio::any_io_executor delivery;  // a strand: owns the HTTP client
  boost::asio::any_io_executor compute;   // matching
  boost::asio::any_io_executor storage;   // the one thread that touches the database
};

class reply_pipeline {
 public:
  // `db` and `knowledge` must outlive the pipeline. `pseudonym_key` keys the sender pseudonyms
  // written to logs.
  reply_pipeline(const pipeline_executors& executors, store::database& db,
                 const knowledge::index_holder& knowledge, bot::responder_options responder,
                 messenger_options messenger, const client_options& client,
                 std::string pseudonym_key);
  ~reply_pipeline();

  // Starts handling `events` (already journaled) and returns at once. Thread-safe.
  void submit(std::vector<store::journaled_event> events);

  // Submits every journaled event that was never completed. Runs the query on the storage
  // executor.
  boost::asio::awaitable<std::size_t> replay_pending();

 private:
  boost::asio::awaitable<void> handle(store::journaled_event record);

  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace madoguchi::webhook
