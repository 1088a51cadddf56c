// The listener and the per-connection session coroutine (Boost.Beast, Asio C++20 coroutines).
#include "madoguchi/webhook/http_server.hpp"

#include "../log_completion.hpp"
#include "connection_registry.hpp"
#include "log_throttle.hpp"
#include "request_checks.hpp"

#include "madoguchi/telemetry/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace madoguchi::webhook {

namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace detail {

// Owned by its strand: the acceptor, the connection counts and the shutdown state are only
// touched there.
struct listener {
  listener(net::io_context& io, const server_options& options, std::shared_ptr<const router> r)
      : context(io),
        limits(options.limits),
        routes(std::move(r)),
        strand(net::make_strand(io)),
        acceptor(strand),
        connections(limits.max_connections, limits.max_connections_per_address),
        drain_timer(strand) {}

  net::io_context& context;
  const server_limits limits;
  const std::shared_ptr<const router> routes;
  const net::strand<net::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  connection_registry connections;
  log_throttle refusals{std::chrono::seconds(10)};
  log_throttle accept_failures{std::chrono::seconds(10)};
  net::steady_timer drain_timer;  // cancelled when the last connection leaves after stop()
  bool stopping = false;
};

}  // namespace detail

namespace {

using detail::listener;

// I/O completes as (error_code, result) tuples: a network failure is a value, never an exception.
constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

// After a refusal the client may still be sending (a 1 MiB body after its 413): reading it away
// for a moment lets the answer arrive instead of a reset that discards it.
constexpr auto linger_timeout = std::chrono::seconds(1);
constexpr std::size_t linger_bytes = 2 * 1024 * 1024;

// Pause after a failed accept (typically EMFILE/ENFILE): the pending connection stays in the
// backlog, so retrying at once would spin until a descriptor is free.
constexpr auto accept_pause = std::chrono::milliseconds(100);

// Written without waiting to a connection beyond a cap: a fresh socket's send buffer takes it.
constexpr std::string_view busy_response =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 20\r\n"
    "Retry-After: 1\r\n"
    "Connection: close\r\n"
    "\r\n"
    "service unavailable\n";

net::awaitable<response> respond(const router& routes, request req) {
  const router::match match = routes.find(req.method(), req.target());
  if (match.found == nullptr) {
    co_return text_response(
        req, match.failure,
        match.failure == http::status::not_found ? "not found\n" : "method not allowed\n");
  }
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  try {
    co_return co_await (*match.found)(std::move(req));
  } catch (const std::exception& error) {
    telemetry::log_error("handler_failed", {{"error", error.what()}});
  }
  // Never disclose internals to the client; the detail is in the log.
  response failed{http::status::internal_server_error, version};
  failed.set(http::field::content_type, "text/plain; charset=utf-8");
  failed.keep_alive(keep_alive);
  failed.body() = "internal error\n";
  failed.prepare_payload();
  co_return failed;
}

net::awaitable<void> write_error_and_close(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                           http::status status, std::chrono::seconds timeout) {
  response res{status, 11};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.set(http::field::connection, "close");
  res.body() = std::string(http::obsolete_reason(status)) + "\n";
  res.prepare_payload();
  stream.expires_after(timeout);
  auto [write_error, written] = co_await http::async_write(stream, res, use_nothrow);
  if (write_error) {
    co_return;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(linger_timeout);
  for (std::size_t discarded = 0; discarded < linger_bytes;) {
    buffer.clear();
    auto [read_error, read] =
        co_await stream.async_read_some(buffer.prepare(64 * 1024), use_nothrow);
    if (read_error) {
      break;
    }
    discarded += read;
  }
}

// Waits for the first byte of the next request (already buffered when pipelined). The wait is
// marked idle so that shutdown may cut it; false when the peer left, timed out or was cut.
net::awaitable<bool> await_request(connection& conn, beast::flat_buffer& buffer) {
  if (buffer.size() > 0) {
    co_return true;
  }
  conn.idle = true;
  auto [ec, read] = co_await conn.stream.async_read_some(buffer.prepare(4096), use_nothrow);
  conn.idle = false;
  buffer.commit(read);
  co_return !ec;
}

// A request read whole, or why not.
struct read_outcome {
  bool complete = false;                // a request to route
  std::optional<http::status> refusal;  // when not complete: answer this, or close silently
  std::string reason;
};

net::awaitable<read_outcome> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          http::request_parser<http::string_body>& parser,
                                          std::size_t header_limit) {
  auto [header_error, header_bytes] =
      co_await http::async_read_header(stream, buffer, parser, use_nothrow);
  if (header_error) {
    co_return read_outcome{false, status_for_read_error(header_error), header_error.message()};
  }
  // Beast's own limit bounds the memory but counts from where each read resumed, letting a
  // header a few dozen bytes over through: the limit is on the whole header section.
  if (header_bytes > header_limit) {
    co_return read_outcome{false, http::status::request_header_fields_too_large, "header limit"};
  }
  if (const auto refusal = status_for_header(parser)) {
    co_return read_outcome{false, refusal, "header refused"};
  }
  if (!parser.is_done()) {
    auto [body_error, body_bytes] = co_await http::async_read(stream, buffer, parser, use_nothrow);
    if (body_error) {
      co_return read_outcome{false, status_for_read_error(body_error), body_error.message()};
    }
  }
  co_return read_outcome{true, std::nullopt, {}};
}

net::awaitable<void> run_session(std::shared_ptr<connection> conn,
                                 std::shared_ptr<const router> routes, server_limits limits) {
  beast::tcp_stream& stream = conn->stream;
  beast::flat_buffer buffer;
  beast::error_code peer_error;  // asked once: the peer does not change on a connection
  const tcp::endpoint peer = stream.socket().remote_endpoint(peer_error);
  const std::string peer_address = peer_error ? std::string() : peer.address().to_string();
  // Absolute deadlines: bytes trickling in do not extend them, so slow clients are cut off. The
  // first request's runs from the accept, a later one's from its first byte.
  stream.expires_after(limits.request_timeout);
  for (unsigned served = 0; served < limits.max_requests_per_connection && !conn->stopping;
       ++served) {
    if (served > 0) {
      stream.expires_after(limits.idle_timeout);
    }
    const bool arrived = co_await await_request(*conn, buffer);
    if (!arrived) {
      break;
    }
    if (served > 0) {
      stream.expires_after(limits.request_timeout);
    }
    // A fresh parser per message: limits and state must not carry over (beast#2715).
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(limits.body_limit);
    const read_outcome read = co_await read_request(stream, buffer, parser, limits.header_limit);
    if (!read.complete) {
      if (read.refusal) {
        telemetry::log_warn("http_rejected", {{"status", static_cast<unsigned>(*read.refusal)},
                                              {"reason", read.reason}});
        co_await write_error_and_close(stream, buffer, *read.refusal, limits.write_timeout);
      }
      break;
    }

    request req = parser.release();
    // Handlers learn the peer only from this field; a client's own copy must not pass for it.
    req.erase(peer_address_field);
    if (!peer_address.empty()) {
      req.set(peer_address_field, peer_address);
    }
    const auto started = std::chrono::steady_clock::now();
    const std::string method(req.method_string());
    const std::string path(target_path(req.target()));
    response res = co_await respond(*routes, std::move(req));
    if (served + 1 == limits.max_requests_per_connection || conn->stopping) {
      res.keep_alive(false);
    }
    const bool keep_alive = res.keep_alive();
    stream.expires_after(limits.write_timeout);
    auto [write_error, written] = co_await http::async_write(stream, res, use_nothrow);
    telemetry::log_info("http_request",
                        {{"method", method},
                         {"path", path},  // never the query: it can carry the verify token
                         {"status", res.result_int()},
                         {"ms", std::chrono::duration<double, std::milli>(
                                    std::chrono::steady_clock::now() - started)
                                    .count()}});
    if (write_error || !keep_alive) {
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void refuse(tcp::socket& socket) {
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.write_some(net::buffer(busy_response), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void release(const std::shared_ptr<listener>& self, std::uint64_t id);

// Counts the new connection in and starts its session, or refuses it beyond a cap. On the
// listener's strand.
void admit(const std::shared_ptr<listener>& self, tcp::socket socket) {
  beast::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) {
    return;  // the peer has already gone
  }
  auto conn = std::make_shared<connection>(std::move(socket));
  const auto [verdict, id] = self->connections.admit(remote.address(), conn);
  if (verdict != connection_registry::refusal::none) {
    refuse(conn->stream.socket());
    if (const std::uint64_t refused = self->refusals.count(std::chrono::steady_clock::now())) {
      telemetry::log_warn(
          "connections_refused",
          {{"refused", refused},
           {"cap", verdict == connection_registry::refusal::total ? "total" : "per_address"},
           {"address", remote.address().to_string()},
           {"open", self->connections.size()}});
    }
    return;
  }
  const auto executor = conn->stream.get_executor();
  net::co_spawn(executor, run_session(conn, self->routes, self->limits),
                [self, id](const std::exception_ptr& failure) {
                  log_exception{"session_failed"}(failure);
                  net::post(self->strand, [self, id] { release(self, id); });
                });
}

void release(const std::shared_ptr<listener>& self, std::uint64_t id) {
  self->connections.release(id);
  if (self->stopping && self->connections.size() == 0) {
    self->drain_timer.cancel();
  }
}

net::awaitable<void> accept_loop(std::shared_ptr<listener> self) {
  for (;;) {
    // Every connection gets its own strand: tcp_stream's timer runs beside each operation.
    auto [ec, socket] =
        co_await self->acceptor.async_accept(net::make_strand(self->context), use_nothrow);
    if (ec == net::error::operation_aborted || !self->acceptor.is_open()) {
      co_return;
    }
    if (ec) {
      if (const std::uint64_t failures =
              self->accept_failures.count(std::chrono::steady_clock::now())) {
        telemetry::log_warn("accept_failed", {{"error", ec.message()}, {"failures", failures}});
      }
      net::steady_timer pause(self->strand, accept_pause);
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    admit(self, std::move(socket));
  }
}

net::awaitable<std::size_t> wait_drained(std::shared_ptr<listener> self) {
  const auto started = std::chrono::steady_clock::now();
  if (self->connections.size() > 0) {
    self->drain_timer.expires_after(self->limits.write_timeout);
    co_await self->drain_timer.async_wait(use_nothrow);
  }
  const std::size_t open = self->connections.size();
  telemetry::log_info(
      "http_drained",
      {{"open", open},
       {"ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count()}});
  co_return open;
}

}  // namespace

http_server::http_server(net::io_context& context, const server_options& options,
                         std::shared_ptr<const router> routes)
    : listener_(std::make_shared<listener>(context, options, std::move(routes))) {
  tcp::acceptor& acceptor = listener_->acceptor;
  acceptor.open(options.endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(options.endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
}

tcp::endpoint http_server::local_endpoint() const {
  return listener_->acceptor.local_endpoint();
}

void http_server::start() {
  net::co_spawn(listener_->strand, accept_loop(listener_), log_exception{"accept_failed"});
}

void http_server::stop() {
  net::post(listener_->strand, [self = listener_] {
    self->stopping = true;
    beast::error_code ignored;
    self->acceptor.close(ignored);
    self->connections.for_each([](std::shared_ptr<connection> c) {
      net::post(c->stream.get_executor(), [c] {
        c->stopping = true;
        if (c->idle) {
          c->stream.cancel();
        }
      });
    });
  });
}

net::awaitable<std::size_t> http_server::drained() {
  return net::co_spawn(listener_->strand, wait_drained(listener_), net::use_awaitable);
}

}  // namespace madoguchi::webhook
