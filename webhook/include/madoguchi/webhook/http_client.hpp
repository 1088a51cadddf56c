// File: http_client.hpp
//
// An async HTTP/1.1 client for the platforms' send APIs: HTTPS with certificate and host-name
// verification (TLS 1.2+), or plain http:// for loopback tests; keep-alive connections reused per
// origin; a deadline on every step; a bound on the calls in flight per origin, so that a burst
// (a backlog replayed after a restart, an overload) queues here instead of swamping the platform
// and timing out there.
//
// Thread safety: NOT thread-safe. One client belongs to one strand, and every call to it is made
// from coroutines running on that strand (the delivery strand).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <boost/url/url_view.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::webhook {

struct client_options {
  // PEM file of trusted CA certificates; empty: the system's trust store.
  std::string ca_file;
  std::chrono::seconds connect_timeout{5};   // resolve + connect + TLS handshake
  std::chrono::seconds request_timeout{10};  // write request + read response
  // Calls in flight per origin; more wait, in order, for one to finish. Idle connections are
  // kept up to the same number, so a steady load opens no new ones.
  std::size_t max_connections_per_origin = 32;
  std::size_t response_body_limit = 1024 * 1024;
};

// Extra request headers, e.g. Authorization or X-Line-Retry-Key. Never logged.
using request_headers = std::vector<std::pair<std::string, std::string>>;

struct client_response {
  unsigned status = 0;
  std::string body;
  std::string retry_after;  // the Retry-After header of a 429 or 503, or ""
};

class http_client {
 public:
  // Throws std::runtime_error naming the file when `options.ca_file` cannot be loaded.
  http_client(boost::asio::any_io_executor executor, const client_options& options);
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // POSTs `body` as application/json with `headers`. Returns the response whatever its status, or
  // the I/O error (timeout, refused, TLS verification failure …). A kept-alive connection that the
  // server closed while idle is retried once on a fresh connection. The deadlines start once the
  // call has its turn among the origin's calls in flight.
  boost::asio::awaitable<boost::system::result<client_response>> post_json(
      boost::urls::url_view url, std::string body, request_headers headers = {});

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace madoguchi::webhook
