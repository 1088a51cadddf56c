// Rebuilding and swapping the knowledge index.
#include "madoguchi/admin/index_refresh.hpp"

#include "madoguchi/webhook/offload.hpp"

namespace madoguchi::admin {
namespace {

struct published_read {
  std::uint64_t sequence = 0;
  std::vector<knowledge::entry> entries;
};

}  // namespace

index_refresher::index_refresher(store::knowledge_repository& knowledge,
                                 std::shared_ptr<const nlp::analyzer> analyzer,
                                 knowledge::index_holder& holder,
                                 boost::asio::any_io_executor storage,
                                 boost::asio::any_io_executor compute)
    : knowledge_(knowledge),
      analyzer_(std::move(analyzer)),
      holder_(holder),
      storage_(std::move(storage)),
      compute_(std::move(compute)) {}

boost::asio::awaitable<std::size_t> index_refresher::refresh() {
  // Reads are numbered on the storage thread, so a higher number saw every earlier commit.
  published_read read = co_await webhook::run_on(storage_, [this] {
    return published_read{++reads_, knowledge_.published_entries()};
  });
  const std::shared_ptr<const nlp::analyzer>& analyzer = analyzer_;
  auto next = co_await webhook::run_on(compute_, [&read, &analyzer] {
    return std::make_shared<const knowledge::index>(std::move(read.entries), analyzer);
  });
  const std::size_t size = next->size();
  const std::lock_guard lock(swap_mutex_);
  if (read.sequence > live_read_) {
    live_read_ = read.sequence;
    holder_.replace(std::move(next));
  }
  co_return size;
}

}  // namespace madoguchi::admin
