// File: journal_writer.hpp
//
// Group commit for the inbound journal: webhook requests that arrive while the storage thread is
// busy are appended together, in one transaction and so one fsync (synchronous=FULL), instead of
// one fsync each. Each caller still learns its own events' ids, and none is acknowledged before
// the transaction holding its events has committed.
//
// Thread safety: append() may be called from any thread; the batching state is only touched on
// the storage executor, which must run on a single thread (it owns the database connection).
#pragma once

#include "madoguchi/store/database.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace madoguchi::webhook {

class journal_writer {
 public:
  using appended = boost::system::result<std::vector<std::optional<std::int64_t>>>;

  // `journal` must outlive the writer and be used only on `storage`.
  journal_writer(store::journal& journal, boost::asio::any_io_executor storage);
  ~journal_writer();
  journal_writer(const journal_writer&) = delete;
  journal_writer& operator=(const journal_writer&) = delete;

  // As store::journal::append, grouped with the concurrent callers' events. A storage error
  // fails every caller of that transaction.
  boost::asio::awaitable<appended> append(std::vector<store::inbound_event> events);

 private:
  struct batch;
  boost::asio::awaitable<appended> append_on_storage(std::vector<store::inbound_event> events);
  void flush();

  store::journal& journal_;
  boost::asio::any_io_executor storage_;
  std::vector<std::shared_ptr<batch>> waiting_;  // storage thread only
  bool flush_scheduled_ = false;                 // storage thread only
};

}  // namespace madoguchi::webhook
