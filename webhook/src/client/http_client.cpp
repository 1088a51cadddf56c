// The HTTP(S) client: connection pool per origin, TLS with host-name verification, deadlines.
#include "madoguchi/webhook/http_client.hpp"

#include "madoguchi/webhook/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <deque>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

namespace madoguchi::webhook {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

struct connection {
  std::unique_ptr<beast::tcp_stream> plain;                   // http://
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;  // https://
  beast::flat_buffer buffer;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

struct origin {
  bool tls = true;
  std::string host;
  std::string port;
  std::string key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

boost::system::result<origin> origin_of(boost::urls::url_view url) {
  origin o;
  if (url.scheme() == "https") {
    o.tls = true;
  } else if (url.scheme() == "http") {
    o.tls = false;
  } else {
    return make_error_code(errc::invalid_url);
  }
  o.host = url.host_address();
  if (o.host.empty()) {
    return make_error_code(errc::invalid_url);
  }
  o.port = url.has_port() ? std::string(url.port()) : (o.tls ? "443" : "80");
  return o;
}

// A failure that means a reused connection had been closed by the server while idle.
bool is_stale_connection(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::error::eof ||
         ec == ssl::error::stream_truncated;
}

template <class Stream>
net::awaitable<boost::system::result<std::pair<client_response, bool>>> exchange(
    Stream& stream, connection& conn, const http::request<http::string_body>& req,
    const client_options& options) {
  conn.lowest().expires_after(options.request_timeout);
  auto [write_error, written] = co_await http::async_write(stream, req, use_nothrow);
  if (write_error) {
    co_return write_error;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(options.response_body_limit);
  auto [read_error, read] = co_await http::async_read(stream, conn.buffer, parser, use_nothrow);
  if (read_error) {
    co_return read_error;
  }
  auto res = parser.release();
  client_response out;
  out.status = res.result_int();
  out.body = std::move(res.body());
  out.retry_after = std::string(res[http::field::retry_after]);
  const bool keep_alive = res.keep_alive();
  co_return std::pair<client_response, bool>(std::move(out), keep_alive);
}

// The calls in flight to one origin, and the calls waiting for their turn (each on a timer that
// never expires by itself: a finishing call cancels the first one's to wake it).
struct origin_slots {
  std::size_t in_flight = 0;
  std::deque<std::shared_ptr<net::steady_timer>> waiting;
};

// One call's turn: held for the whole call, handed on when it ends however it ends. It shares
// the slots, because a call suspended at shutdown is destroyed after the client.
class slot_lease {
 public:
  explicit slot_lease(std::shared_ptr<origin_slots> slots) : slots_(std::move(slots)) {
    ++slots_->in_flight;
  }
  ~slot_lease() {
    --slots_->in_flight;
    if (!slots_->waiting.empty()) {
      slots_->waiting.front()->cancel();
      slots_->waiting.pop_front();
    }
  }
  slot_lease(const slot_lease&) = delete;
  slot_lease& operator=(const slot_lease&) = delete;

 private:
  std::shared_ptr<origin_slots> slots_;
};

}  // namespace

struct http_client::impl {
  net::any_io_executor executor;
  client_options options;
  ssl::context tls_context{ssl::context::tls_client};
  std::map<std::string, std::vector<std::unique_ptr<connection>>> idle;
  std::map<std::string, std::shared_ptr<origin_slots>> slots;

  // Waits until fewer than the limit of calls are in flight on `s`.
  net::awaitable<void> wait_for_turn(origin_slots& s) {
    while (s.in_flight >= options.max_connections_per_origin) {
      auto wake =
          std::make_shared<net::steady_timer>(executor, net::steady_timer::time_point::max());
      s.waiting.push_back(wake);
      co_await wake->async_wait(use_nothrow);
    }
  }

  net::awaitable<boost::system::result<std::unique_ptr<connection>>> connect(const origin& o) {
    // The resolver has no deadline of its own: a timer cancels it (weak, so a late timer is safe).
    auto resolver = std::make_shared<tcp::resolver>(executor);
    net::steady_timer deadline(executor, options.connect_timeout);
    deadline.async_wait(
        [weak = std::weak_ptr<tcp::resolver>(resolver)](boost::system::error_code ec) {
          if (auto alive = weak.lock(); alive && !ec) {
            alive->cancel();
          }
        });
    auto [resolve_error, endpoints] = co_await resolver->async_resolve(o.host, o.port, use_nothrow);
    deadline.cancel();
    if (resolve_error) {
      co_return resolve_error == net::error::operation_aborted
          ? boost::system::error_code(beast::error::timeout)
          : resolve_error;
    }

    auto conn = std::make_unique<connection>();
    if (o.tls) {
      conn->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor, tls_context);
      // SNI, and the certificate must name the host (Beast 1.81's example checks only the chain).
      if (!SSL_set_tlsext_host_name(conn->tls->native_handle(), o.host.c_str())) {
        co_return boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                            net::error::get_ssl_category());
      }
      conn->tls->set_verify_callback(ssl::host_name_verification(o.host));
    } else {
      conn->plain = std::make_unique<beast::tcp_stream>(executor);
    }
    conn->lowest().expires_after(options.connect_timeout);
    auto [connect_error, endpoint] = co_await conn->lowest().async_connect(endpoints, use_nothrow);
    if (connect_error) {
      co_return connect_error;
    }
    if (conn->tls) {
      auto [handshake_error] =
          co_await conn->tls->async_handshake(ssl::stream_base::client, use_nothrow);
      if (handshake_error) {
        co_return handshake_error;
      }
    }
    co_return conn;
  }
};

http_client::http_client(net::any_io_executor executor, const client_options& options)
    : impl_(std::make_unique<impl>()) {
  impl_->executor = std::move(executor);
  impl_->options = options;
  SSL_CTX_set_min_proto_version(impl_->tls_context.native_handle(), TLS1_2_VERSION);
  impl_->tls_context.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (options.ca_file.empty()) {
    impl_->tls_context.set_default_verify_paths(ec);
  } else {
    impl_->tls_context.load_verify_file(options.ca_file, ec);
  }
  if (ec) {
    throw std::runtime_error("cannot load trusted CA certificates" +
                             (options.ca_file.empty() ? std::string(" from the system store")
                                                      : " from '" + options.ca_file + "'") +
                             ": " + ec.message() +
                             "; install ca-certificates or fix [meta] ca_file");
  }
}

http_client::~http_client() = default;

net::awaitable<boost::system::result<client_response>> http_client::post_json(
    boost::urls::url_view url, std::string body, request_headers headers) {
  const auto target_origin = origin_of(url);
  if (!target_origin) {
    co_return target_origin.error();
  }
  const origin& o = *target_origin;
  http::request<http::string_body> req{
      http::verb::post, url.encoded_target().empty() ? "/" : url.encoded_target(), 11};
  req.set(http::field::host, o.host);
  req.set(http::field::user_agent, "madoguchi/0.1");
  req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) {
    req.set(name, value);
  }
  req.keep_alive(true);
  req.body() = std::move(body);
  req.prepare_payload();

  const std::string key = o.key();
  std::shared_ptr<origin_slots>& slots = impl_->slots[key];
  if (!slots) {
    slots = std::make_shared<origin_slots>();
  }
  const std::shared_ptr<origin_slots> mine = slots;
  co_await impl_->wait_for_turn(*mine);
  const slot_lease lease(mine);
  auto& pool = impl_->idle[key];
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<connection> conn;
    const bool reused = !pool.empty();
    if (reused) {
      conn = std::move(pool.back());
      pool.pop_back();
    } else {
      auto connected = co_await impl_->connect(o);
      if (!connected) {
        co_return connected.error();
      }
      conn = std::move(*connected);
    }
    // No `c ? co_await a : co_await b` and no structured bindings here: GCC 12 relocates such
    // coroutine temporaries bitwise, leaving strings that point into a freed frame.
    boost::system::result<std::pair<client_response, bool>> outcome =
        boost::system::error_code(net::error::not_connected);
    if (conn->tls) {
      outcome = co_await exchange(*conn->tls, *conn, req, impl_->options);
    } else {
      outcome = co_await exchange(*conn->plain, *conn, req, impl_->options);
    }
    if (outcome) {
      client_response response = std::move(outcome->first);
      if (outcome->second && pool.size() < impl_->options.max_connections_per_origin) {
        pool.push_back(std::move(conn));
      }
      co_return response;
    }
    if (!(reused && is_stale_connection(outcome.error()))) {
      co_return outcome.error();
    }
  }
  co_return boost::system::error_code(net::error::connection_reset);
}

}  // namespace madoguchi::webhook
