#include "madoguchi/webhook/journal_writer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace madoguchi::webhook {

namespace net = boost::asio;

struct journal_writer::batch {
  std::vector<store::inbound_event> events;
  std::optional<appended> result;
};

journal_writer::journal_writer(store::journal& journal, net::any_io_executor storage)
    : journal_(journal), storage_(std::move(storage)) {}

journal_writer::~journal_writer() = default;

net::awaitable<journal_writer::appended> journal_writer::append(
    std::vector<store::inbound_event> events) {
  co_return co_await net::co_spawn(storage_, append_on_storage(std::move(events)),
                                   net::use_awaitable);
}

// On the storage thread. The first caller of a round yields once, so that the appends already
// queued behind it join its batch; then it commits them all. The others yield until their batch
// has its result.
net::awaitable<journal_writer::appended> journal_writer::append_on_storage(
    std::vector<store::inbound_event> events) {
  auto mine = std::make_shared<batch>();
  mine->events = std::move(events);
  waiting_.push_back(mine);
  if (!flush_scheduled_) {
    flush_scheduled_ = true;
    co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
    flush();
  }
  while (!mine->result) {
    co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
  }
  co_return std::move(*mine->result);
}

void journal_writer::flush() {
  std::vector<std::shared_ptr<batch>> round = std::move(waiting_);
  waiting_.clear();
  flush_scheduled_ = false;
  std::vector<store::inbound_event> all;
  for (const auto& b : round) {
    all.insert(all.end(), b->events.begin(), b->events.end());
  }
  appended ids = [&]() -> appended {
    try {
      return journal_.append(all);
    } catch (const std::exception&) {
      return boost::system::error_code(EIO, boost::system::generic_category());
    }
  }();
  std::size_t next = 0;
  for (const auto& b : round) {
    if (!ids) {
      b->result = ids.error();
      continue;
    }
    b->result = std::vector<std::optional<std::int64_t>>(
        ids->begin() + static_cast<std::ptrdiff_t>(next),
        ids->begin() + static_cast<std::ptrdiff_t>(next + b->events.size()));
    next += b->events.size();
  }
}

}  // namespace madoguchi::webhook
