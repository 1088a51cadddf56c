#include "madoguchi/webhook/write_batcher.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>

namespace madoguchi::webhook {

namespace net = boost::asio;

struct write_batcher::pending_write {
  std::function<void()> work;
  store::durability level = store::durability::power_loss;
  std::exception_ptr error;
  // Set for every write but the one that flushes: cancelled once the transaction is over. The
  // timer lives in the waiting frame on the storage thread, not here: the caller's frame may
  // outlive the storage pool at shutdown, and a timer must not outlive its pool.
  net::steady_timer* done = nullptr;
};

write_batcher::write_batcher(store::database& db, net::any_io_executor storage)
    : db_(db), storage_(std::move(storage)) {}

write_batcher::~write_batcher() = default;

net::awaitable<void> write_batcher::write(std::function<void()> work, store::durability level) {
  auto mine = std::make_shared<pending_write>();
  mine->work = std::move(work);
  mine->level = level;
  co_await net::co_spawn(storage_, write_on_storage(mine), net::use_awaitable);
  if (mine->error) {
    std::rethrow_exception(mine->error);
  }
}

// On the storage thread. The first write of a round yields once, so that the writes already
// queued behind it join its transaction; then it commits them all. The others wait until that
// transaction is over.
net::awaitable<void> write_batcher::write_on_storage(std::shared_ptr<pending_write> mine) {
  waiting_.push_back(mine);
  if (!flush_scheduled_) {
    flush_scheduled_ = true;
    co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
    flush();
    co_return;
  }
  net::steady_timer done(storage_, net::steady_timer::time_point::max());
  mine->done = &done;
  co_await done.async_wait(net::as_tuple(net::use_awaitable));
  mine->done = nullptr;
}

void write_batcher::flush() {
  std::vector<std::shared_ptr<pending_write>> round = std::move(waiting_);
  waiting_.clear();
  flush_scheduled_ = false;
  const bool to_disk = std::any_of(round.begin(), round.end(), [](const auto& w) {
    return w->level == store::durability::power_loss;
  });
  try {
    db_.in_transaction(
        [&] {
          for (const auto& w : round) {
            try {
              db_.in_transaction(w->work);  // a savepoint: undone alone when it throws
            } catch (...) {
              w->error = std::current_exception();
            }
          }
        },
        to_disk ? store::durability::power_loss : store::durability::process_crash);
  } catch (...) {
    for (const auto& w : round) {
      if (!w->error) {
        w->error = std::current_exception();
      }
    }
  }
  for (const auto& w : round) {
    if (w->done) {
      w->done->cancel();
    }
  }
}

}  // namespace madoguchi::webhook
