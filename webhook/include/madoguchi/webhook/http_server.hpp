// File: http_server.hpp
//
// The HTTP/1.1 server: a listener that admits connections under caps (total and per remote
// address) onto a strand each, and a session coroutine that reads a request under limits and
// deadlines, routes it, and writes the response. It only moves bytes; everything a request means
// is decided by the router's handlers.
#pragma once

#include "madoguchi/webhook/http.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace madoguchi::webhook {

namespace detail {
struct listener;  // http_server.cpp
}

struct server_limits {
  std::size_t header_limit = 8 * 1024;       // larger: 431 and close
  std::size_t body_limit = 1024 * 1024;      // larger: 413 and close (Meta batches)
  std::chrono::seconds request_timeout{10};  // absolute, per request: slow drip closes
  std::chrono::seconds idle_timeout{15};     // waiting for the next keep-alive request
  std::chrono::seconds write_timeout{10};    // also bounds the drain at shutdown
  unsigned max_requests_per_connection = 100;
  // Beyond a cap a new connection gets a 503 (Retry-After: 1) if its socket takes it at once,
  // and is closed. The platforms deliver many concurrent requests from few addresses, so the
  // per-address cap is generous; it keeps one client from taking every file descriptor.
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 256;
};

struct server_options {
  net::ip::tcp::endpoint endpoint;
  server_limits limits;
};

class http_server {
 public:
  // Binds and listens. Throws boost::system::system_error when the address cannot be bound.
  http_server(net::io_context& context, const server_options& options,
              std::shared_ptr<const router> routes);

  // The bound address (useful with port 0).
  net::ip::tcp::endpoint local_endpoint() const;

  // Starts accepting on the io_context. Call once.
  void start();

  // Stops accepting and closes idle keep-alive connections at once; a request in flight is
  // answered (with `Connection: close`) and its connection closed. Returns at once; thread-safe.
  void stop();

  // After stop(): completes when every connection has closed, or when limits.write_timeout has
  // passed; yields how many were still open.
  net::awaitable<std::size_t> drained();

 private:
  std::shared_ptr<detail::listener> listener_;
};

}  // namespace madoguchi::webhook
