// File: offload.hpp
//
// Running blocking or CPU-heavy work (SQLite, matching) on another executor from a coroutine,
// so the Beast threads only parse, verify, route and write.
//
// Example:
//   auto ids = co_await run_on(storage, [&] { return db.inbound().append(records); });
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>

namespace madoguchi::webhook {

// A named coroutine, not a capturing lambda coroutine (GCC bug 107288): it owns `work` by value.
template <class Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> invoke_work(Work work) {
  co_return work();
}

// Runs `work` on `executor`; the calling coroutine resumes on its own executor with the result.
// An exception thrown by `work` is rethrown to the caller.
template <class Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> run_on(boost::asio::any_io_executor executor,
                                                           Work work) {
  co_return co_await boost::asio::co_spawn(executor, invoke_work(std::move(work)),
                                           boost::asio::use_awaitable);
}

}  // namespace madoguchi::webhook
