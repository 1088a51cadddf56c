// File: index_refresh.hpp
//
// Rebuilding the knowledge index after staff publish: the published entries are read on the
// storage thread, the index is built on the compute pool, and the snapshot is swapped in
// atomically. Webhook answers keep using the old snapshot until the swap; none waits for it.
#pragma once

#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/nlp/analyzer.hpp"
#include "madoguchi/store/database.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <mutex>

namespace madoguchi::admin {

class index_refresher {
 public:
  // All references must outlive the refresher. `storage` is the one thread that uses `db`.
  index_refresher(store::knowledge_repository& knowledge,
                  std::shared_ptr<const nlp::analyzer> analyzer, knowledge::index_holder& holder,
                  boost::asio::any_io_executor storage, boost::asio::any_io_executor compute);

  // Rebuilds from what is published now and swaps it in; returns, on the caller's executor, once
  // this index (or one read later) is live. Concurrent refreshes never swap an older read over a
  // newer one. Returns the number of entries in the index swapped in.
  boost::asio::awaitable<std::size_t> refresh();

 private:
  store::knowledge_repository& knowledge_;
  std::shared_ptr<const nlp::analyzer> analyzer_;
  knowledge::index_holder& holder_;
  boost::asio::any_io_executor storage_;
  boost::asio::any_io_executor compute_;
  std::uint64_t reads_ = 0;  // touched on the storage thread only
  std::mutex swap_mutex_;    // orders swaps; held only to compare and store
  std::uint64_t live_read_ = 0;
};

}  // namespace madoguchi::admin
