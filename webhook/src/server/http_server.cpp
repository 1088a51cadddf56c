// The listener and the per-connection session coroutine (Boost.Beast, Asio C++20 coroutines).
#include "madoguchi/webhook/http_server.hpp"

#include "../log_completion.hpp"

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
namespace {

namespace beast = boost::beast;
using tcp = net::ip::tcp;

// I/O completes as (error_code, result) tuples: a network failure is a value, never an exception.
constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

// The answer to a request Beast could not read, or nothing (close silently) when the peer left or
// timed out: there is nobody to tell.
std::optional<http::status> status_for_read_error(const beast::error_code& ec) {
  if (ec == http::error::header_limit) {
    return http::status::request_header_fields_too_large;
  }
  if (ec == http::error::body_limit) {
    return http::status::payload_too_large;
  }
  if (ec == http::error::partial_message || ec == beast::error::timeout) {
    return std::nullopt;
  }
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return http::status::bad_request;
  }
  return std::nullopt;
}

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

net::awaitable<void> write_error_and_close(beast::tcp_stream& stream, http::status status,
                                           std::chrono::seconds timeout) {
  response res{status, 11};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.set(http::field::connection, "close");
  res.body() = std::string(http::obsolete_reason(status)) + "\n";
  res.prepare_payload();
  stream.expires_after(timeout);
  co_await http::async_write(stream, res, use_nothrow);
}

net::awaitable<void> run_session(beast::tcp_stream stream, std::shared_ptr<const router> routes,
                                 server_limits limits) {
  beast::flat_buffer buffer;
  for (unsigned served = 0; served < limits.max_requests_per_connection; ++served) {
    // A fresh parser per message: limits and state must not carry over (beast#2715).
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(limits.body_limit);
    // Absolute deadline: bytes trickling in do not extend it, so slow clients are cut off.
    stream.expires_after(served == 0 ? limits.request_timeout : limits.idle_timeout);
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, use_nothrow);
    if (read_error == http::error::end_of_stream) {
      break;
    }
    if (read_error) {
      if (const auto status = status_for_read_error(read_error)) {
        telemetry::log_warn("http_rejected", {{"status", static_cast<unsigned>(*status)},
                                              {"reason", read_error.message()}});
        co_await write_error_and_close(stream, *status, limits.write_timeout);
      }
      break;
    }

    request req = parser.release();
    const auto started = std::chrono::steady_clock::now();
    const std::string method(req.method_string());
    const std::string path(target_path(req.target()));
    response res = co_await respond(*routes, std::move(req));
    if (served + 1 == limits.max_requests_per_connection) {
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

net::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::shared_ptr<const router> routes,
                                 server_limits limits, net::io_context& context) {
  for (;;) {
    // Every connection gets its own strand: tcp_stream's timer runs beside each operation.
    auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(context), use_nothrow);
    if (ec == net::error::operation_aborted || !acceptor.is_open()) {
      co_return;
    }
    if (ec) {
      // Typically out of file descriptors: pause instead of spinning until one is free.
      telemetry::log_warn("accept_failed", {{"error", ec.message()}});
      net::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    const auto executor = socket.get_executor();
    net::co_spawn(executor, run_session(beast::tcp_stream(std::move(socket)), routes, limits),
                  log_exception{"session_failed"});
  }
}

}  // namespace

http_server::http_server(net::io_context& context, const server_options& options,
                         std::shared_ptr<const router> routes)
    : context_(context),
      limits_(options.limits),
      routes_(std::move(routes)),
      acceptor_(net::make_strand(context)) {
  acceptor_.open(options.endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(options.endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

tcp::endpoint http_server::local_endpoint() const {
  return acceptor_.local_endpoint();
}

void http_server::start() {
  net::co_spawn(acceptor_.get_executor(), accept_loop(acceptor_, routes_, limits_, context_),
                log_exception{"session_failed"});
}

void http_server::stop() {
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
}

}  // namespace madoguchi::webhook
