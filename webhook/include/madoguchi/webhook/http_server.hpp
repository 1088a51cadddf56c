// File: http_server.hpp
//
// The HTTP/1.1 server: a listener that accepts onto a strand per connection, and a session
// coroutine that reads a request under limits and deadlines, routes it, and writes the response.
// It only moves bytes; everything a request means is decided by the router's handlers.
#pragma once

#include "madoguchi/webhook/http.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace madoguchi::webhook {

struct server_limits {
  std::size_t header_limit = 8 * 1024;       // larger: 431 and close
  std::size_t body_limit = 1024 * 1024;      // larger: 413 and close (Meta batches)
  std::chrono::seconds request_timeout{10};  // absolute, per request: slow drip closes
  std::chrono::seconds idle_timeout{15};     // waiting for the next keep-alive request
  std::chrono::seconds write_timeout{10};
  unsigned max_requests_per_connection = 100;
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

  // Stops accepting new connections; connections in progress finish.
  void stop();

 private:
  net::io_context& context_;
  server_limits limits_;
  std::shared_ptr<const router> routes_;
  net::ip::tcp::acceptor acceptor_;
};

}  // namespace madoguchi::webhook
