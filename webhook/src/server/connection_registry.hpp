// The connections a listener has open, counted in total and per remote address so that a flood
// cannot take every file descriptor, and the handles shutdown needs to reach each of them.
// Owned by the listener's strand: every member is called there, so nothing is locked.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

namespace madoguchi::webhook {

// One accepted connection. The session coroutine owns it; shutdown reaches it through its strand.
struct connection {
  explicit connection(boost::asio::ip::tcp::socket socket) : stream(std::move(socket)) {}

  boost::beast::tcp_stream stream;
  // Both only touched on the stream's strand.
  bool idle = false;      // waiting for the first byte of a request: nothing is lost by closing
  bool stopping = false;  // the server is shutting down: answer this request, then close
};

class connection_registry {
 public:
  enum class refusal { none, total, per_address };

  connection_registry(std::size_t max_total, std::size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // Counts `c` from `remote` in, unless a cap is reached. The id releases it.
  std::pair<refusal, std::uint64_t> admit(const boost::asio::ip::address& remote,
                                          const std::shared_ptr<connection>& c) {
    if (live_.size() >= max_total_) {
      return {refusal::total, 0};
    }
    std::size_t& from_remote = per_address_[remote];
    if (from_remote >= max_per_address_) {
      return {refusal::per_address, 0};
    }
    ++from_remote;
    const std::uint64_t id = ++last_id_;
    live_.emplace(id, entry{remote, c});
    return {refusal::none, id};
  }

  void release(std::uint64_t id) {
    const auto found = live_.find(id);
    if (found == live_.end()) {
      return;
    }
    const auto count = per_address_.find(found->second.remote);
    if (--count->second == 0) {
      per_address_.erase(count);  // addresses come and go: the map must not grow forever
    }
    live_.erase(found);
  }

  std::size_t size() const { return live_.size(); }

  // Calls `f(std::shared_ptr<connection>)` for every connection whose session still runs.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [id, e] : live_) {
      if (auto c = e.handle.lock()) {
        f(std::move(c));
      }
    }
  }

 private:
  struct entry {
    boost::asio::ip::address remote;
    std::weak_ptr<connection> handle;
  };

  std::size_t max_total_;
  std::size_t max_per_address_;
  std::uint64_t last_id_ = 0;
  std::map<boost::asio::ip::address, std::size_t> per_address_;
  std::unordered_map<std::uint64_t, entry> live_;
};

}  // namespace madoguchi::webhook
