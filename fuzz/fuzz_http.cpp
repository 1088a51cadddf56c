// Raw bytes from a client through the server's request reading and routing: what
// webhook/src/server/http_server.cpp's session does, on an in-memory stream instead of a socket
// (mirrors Beast's test/fuzz/http_request.cpp). Every message gets a fresh parser with the
// server's limits (server_limits' defaults) and the server's checks (request_checks.hpp); a
// message is routed through a router with the server's route table, its handler runs as a
// coroutine, and the response is serialised back.
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/http.hpp"
#include "madoguchi/webhook/http_server.hpp"
#include "madoguchi/webhook/line_event.hpp"
#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/signature.hpp"
#include "madoguchi/webhook/signature_refusal.hpp"
#include "request_checks.hpp"  // the server's refusals (webhook/src/server/)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>

namespace {

namespace beast = boost::beast;
namespace telemetry = madoguchi::telemetry;
namespace webhook = madoguchi::webhook;
namespace http = webhook::http;
namespace net = webhook::net;
using webhook::request;
using webhook::response;

constexpr std::string_view app_secret = "fuzz-app-secret";
constexpr std::string_view line_secret = "fuzz-line-secret";

// What the channels do with a request before the store: query parameters, signature, parsing.
net::awaitable<response> messenger_verify(request req) {
  if (webhook::query_parameter(req.target(), "hub.mode") != "subscribe" ||
      !webhook::constant_time_equals(webhook::query_parameter(req.target(), "hub.verify_token"),
                                     "token")) {
    co_return webhook::text_response(req, http::status::forbidden, "verification failed\n");
  }
  co_return webhook::text_response(req, http::status::ok,
                                   webhook::query_parameter(req.target(), "hub.challenge"));
}

net::awaitable<response> messenger_receive(request req) {
  if (auto refused = webhook::refuse_unless_signed(
          req, webhook::check_meta_signature(app_secret, req["X-Hub-Signature-256"], req.body()),
          {})) {
    co_return std::move(*refused);
  }
  const auto events = webhook::parse_messenger_events(req.body(), "1234567890");
  co_return webhook::text_response(req, events ? http::status::ok : http::status::bad_request,
                                   "ok\n");
}

net::awaitable<response> line_receive(request req) {
  if (auto refused = webhook::refuse_unless_signed(
          req, webhook::check_line_signature(line_secret, req["X-Line-Signature"], req.body()),
          {})) {
    co_return std::move(*refused);
  }
  const auto events = webhook::parse_line_events(req.body());
  co_return webhook::text_response(req, events ? http::status::ok : http::status::bad_request,
                                   "ok\n");
}

net::awaitable<response> static_text(request req) {
  co_return webhook::text_response(req, http::status::ok, "ok\n");
}

// The server's route table (app/serve.cpp, the channels' add_routes, admin/static_assets.cpp).
const webhook::router& routes() {
  static const webhook::router table = [] {
    webhook::router r;
    r.add(http::verb::get, "/healthz", static_text);
    r.add(http::verb::get, "/readyz", static_text);
    r.add(http::verb::get, "/webhook/messenger", messenger_verify);
    r.add(http::verb::post, "/webhook/messenger", messenger_receive);
    r.add_prefix(http::verb::post, "/webhook/line/", line_receive);
    r.add_prefix(http::verb::get, "/admin/", static_text);
    return r;
  }();
  return table;
}

// As http_server.cpp's read_request: the header (its whole size under the limit, refused when
// ambiguous), then the body. Nothing when a request was read; else the answer, or nothing to
// answer (close silently).
std::optional<std::optional<http::status>> read_request(
    beast::test::stream& stream, beast::flat_buffer& buffer,
    http::request_parser<http::string_body>& parser, std::size_t header_limit) {
  beast::error_code header_error;
  const std::size_t header_bytes = http::read_header(stream, buffer, parser, header_error);
  if (header_error) {
    return webhook::status_for_read_error(header_error);
  }
  if (header_bytes > header_limit) {
    return http::status::request_header_fields_too_large;
  }
  if (const auto refusal = webhook::status_for_header(parser)) {
    return refusal;
  }
  if (!parser.is_done()) {
    beast::error_code body_error;
    http::read(stream, buffer, parser, body_error);
    if (body_error) {
      return webhook::status_for_read_error(body_error);
    }
  }
  return std::nullopt;
}

// As http_server.cpp's respond.
net::awaitable<response> respond(request req) {
  const webhook::router::match match = routes().find(req.method(), req.target());
  if (match.found == nullptr) {
    co_return webhook::text_response(req, match.failure, "not found\n");
  }
  co_return co_await (*match.found)(std::move(req));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  telemetry::set_log_level(telemetry::level::error);  // refused signatures are logged as warnings
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const webhook::server_limits limits;
  net::io_context context;
  beast::test::stream stream{context, {reinterpret_cast<const char*>(data), size}};
  beast::test::stream peer{context};
  stream.connect(peer);  // the responses go to the peer, which nobody reads
  stream.close_remote();
  beast::flat_buffer buffer;
  for (unsigned served = 0; served < limits.max_requests_per_connection; ++served) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(limits.body_limit);
    if (const auto refusal = read_request(stream, buffer, parser, limits.header_limit)) {
      if (*refusal) {
        response res{**refusal, 11};
        res.set(http::field::connection, "close");
        res.body() = std::string(http::obsolete_reason(**refusal)) + "\n";
        res.prepare_payload();
        beast::error_code ignored;
        http::write(stream, res, ignored);
      }
      break;
    }
    std::optional<response> res;
    net::co_spawn(context, respond(parser.release()), [&res](std::exception_ptr error, response r) {
      if (error) {
        std::rethrow_exception(error);  // a handler bug: report it
      }
      res = std::move(r);
    });
    context.restart();
    context.run();
    if (!res) {
      __builtin_trap();  // the coroutine never finished
    }
    beast::error_code write_error;
    http::write(stream, *res, write_error);
    if (write_error || !res->keep_alive()) {
      break;
    }
  }
  return 0;
}
