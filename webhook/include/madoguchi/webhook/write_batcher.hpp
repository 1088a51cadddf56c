// File: write_batcher.hpp
//
// Group commit for the reply pipeline's writes (a turn's session, outbox and outcome; a sent
// message's state): the writes queued while the storage thread is busy are committed together,
// in one transaction, instead of one transaction (and its page writes and locks) each. Each write
// runs in a savepoint of its own, so a failing write undoes only itself.
//
// Thread safety: write() may be called from any thread; the batching state is only touched on the
// storage executor, which must run on a single thread (it owns the database connection).
#pragma once

#include "madoguchi/store/database.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace madoguchi::webhook {

class write_batcher {
 public:
  // `db` must outlive the batcher and be used only on `storage`.
  write_batcher(store::database& db, boost::asio::any_io_executor storage);
  ~write_batcher();
  write_batcher(const write_batcher&) = delete;
  write_batcher& operator=(const write_batcher&) = delete;

  // Runs `work` on the storage thread and resumes the caller once the transaction holding it has
  // committed, at least as durably as `level`. Rethrows what `work` throws (its changes undone,
  // the others' kept), or what the commit throws (every write of that transaction undone).
  boost::asio::awaitable<void> write(std::function<void()> work, store::durability level);

 private:
  struct pending_write;
  boost::asio::awaitable<void> write_on_storage(std::shared_ptr<pending_write> mine);
  void flush();

  store::database& db_;
  boost::asio::any_io_executor storage_;
  std::vector<std::shared_ptr<pending_write>> waiting_;  // storage thread only
  bool flush_scheduled_ = false;                         // storage thread only
};

}  // namespace madoguchi::webhook
