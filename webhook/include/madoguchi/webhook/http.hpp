// File: http.hpp
//
// The HTTP vocabulary shared by the server, its route handlers (webhook channels, health, admin)
// and their tests: request/response types, response helpers and the route table.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

namespace http = boost::beast::http;
namespace net = boost::asio;

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// The field in which the server hands a route handler the connection's remote address (e.g.
// "127.0.0.1", "::1"). The server removes any copy the client sent, so handlers can trust it;
// a request built elsewhere (tests) has none.
inline constexpr std::string_view peer_address_field = "Madoguchi-Peer-Address";

// A route handler. It runs on the connection's strand and may co_await other executors; an
// exception it throws becomes a bare 500 (and a log line), never internal detail in a body.
using handler = std::function<net::awaitable<response>(request)>;

// A response to `req` (same HTTP version and keep-alive) with a text/plain UTF-8 body.
response text_response(const request& req, http::status status, std::string_view body);

// A response to `req` with an application/json body.
response json_response(const request& req, http::status status, std::string body);

// The path of a request target, without the query string.
std::string_view target_path(std::string_view target);

// The decoded value of `key` in the query of `target` ("/path?a=1&b=2"), or "" when absent or
// the target is malformed.
std::string query_parameter(std::string_view target, std::string_view key);

// The route table. Every request it routes is counted in telemetry::metrics() by route pattern
// (the path of an exact route, the prefix + "*" of a prefix route, "unmatched" for a miss),
// method and status, with its duration.
class router {
 public:
  // Routes exactly `path`.
  void add(http::verb method, std::string path, handler h);
  // Routes every path that starts with `prefix` (e.g. "/admin/"); exact routes win.
  void add_prefix(http::verb method, std::string prefix, handler h);

  struct match {
    const handler* found = nullptr;                  // null when no route matched
    http::status failure = http::status::not_found;  // 404, or 405 when only the method differs
  };
  match find(http::verb method, std::string_view target) const;

 private:
  struct route {
    http::verb method;
    std::string path;
    bool prefix;
    handler h;
  };
  std::vector<route> routes_;
};

}  // namespace madoguchi::webhook
