// The TLS fake Graph API: a Beast coroutine server on its own thread.
#include "fake_graph_api.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

}  // namespace

struct fake_graph_api::impl {
  net::io_context context;
  ssl::context tls{ssl::context::tls_server};
  tcp::acceptor acceptor{context};
  std::thread thread;
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::vector<recorded_request> received;
  struct rule {
    std::string path_part;
    unsigned status = 200;
    std::string body;
    std::map<std::string, std::string> headers;
    std::chrono::milliseconds delay{0};  // before the answer
    bool hang = false;                   // never answer
  };
  std::vector<rule> rules;
  bool retry_keys_once = false;
  std::set<std::string> accepted_keys;

  // The answer for `target`: a test's rule, or a Send API success.
  rule response_for(std::string_view target, unsigned count) const {
    const std::string_view path = target.substr(0, target.find('?'));
    const std::lock_guard lock(mutex);
    rule answer;
    for (const rule& r : rules) {
      if (path.find(r.path_part) != std::string_view::npos) {
        answer = r;
        break;
      }
    }
    if (answer.body.empty() && answer.status == 200) {
      answer.body =
          R"({"recipient_id":"fake","message_id":"m_fake_)" + std::to_string(count) + "\"}";
    }
    return answer;
  }

  void record(recorded_request r) {
    {
      const std::lock_guard lock(mutex);
      received.push_back(std::move(r));
    }
    arrived.notify_all();
  }

  static net::awaitable<void> session(impl* self, tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), self->tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    auto [handshake_error] = co_await stream.async_handshake(ssl::stream_base::server, use_nothrow);
    if (handshake_error) {
      co_return;
    }
    beast::flat_buffer buffer;
    for (unsigned count = 1;; ++count) {
      http::request<http::string_body> req;
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
      auto [read_error, read] = co_await http::async_read(stream, buffer, req, use_nothrow);
      if (read_error) {
        co_return;
      }
      rule answer = self->response_for(req.target(), count);
      if (const auto key = req.find("X-Line-Retry-Key"); key != req.end()) {
        const std::lock_guard lock(self->mutex);
        const std::string value(key->value());
        if (self->retry_keys_once && self->accepted_keys.count(value) > 0) {
          answer = {{}, 409, R"({"message":"The retry key is already accepted"})", {}, {}, false};
        } else if (answer.status == 200) {
          self->accepted_keys.insert(value);
        }
      }
      recorded_request recorded{std::string(req.method_string()),
                                std::string(req.target()),
                                req.body(),
                                {},
                                answer.status,
                                std::chrono::steady_clock::now()};
      for (const auto& field : req) {
        recorded.headers[std::string(field.name_string())] = std::string(field.value());
      }
      recorded.answered = answer.hang ? 0 : answer.status;
      self->record(std::move(recorded));
      if (answer.hang || answer.delay.count() > 0) {
        // A hung request is held until the fake stops; the client gives up on its own.
        net::steady_timer wait(stream.get_executor(),
                               answer.hang ? std::chrono::hours(1) : answer.delay);
        co_await wait.async_wait(use_nothrow);
        if (answer.hang) {
          co_return;
        }
      }
      http::response<http::string_body> res{static_cast<http::status>(answer.status),
                                            req.version()};
      res.set(http::field::content_type, "application/json");
      for (const auto& [name, value] : answer.headers) {
        res.set(name, value);
      }
      res.keep_alive(req.keep_alive());
      res.body() = std::move(answer.body);
      res.prepare_payload();
      auto [write_error, written] = co_await http::async_write(stream, res, use_nothrow);
      if (write_error || !res.keep_alive()) {
        co_return;
      }
    }
  }

  static net::awaitable<void> accept_loop(impl* self) {
    for (;;) {
      auto [ec, socket] = co_await self->acceptor.async_accept(use_nothrow);
      if (ec) {
        co_return;
      }
      net::co_spawn(self->context, session(self, std::move(socket)), net::detached);
    }
  }
};

fake_graph_api::fake_graph_api(const test_certificate& certificate)
    : impl_(std::make_unique<impl>()) {
  impl_->tls.use_certificate_chain(net::buffer(certificate.certificate_pem));
  impl_->tls.use_private_key(net::buffer(certificate.private_key_pem), ssl::context::pem);
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  net::co_spawn(impl_->context, impl::accept_loop(impl_.get()), net::detached);
  impl_->thread = std::thread([this] { impl_->context.run(); });
}

fake_graph_api::~fake_graph_api() {
  impl_->context.stop();
  impl_->thread.join();
}

unsigned short fake_graph_api::port() const {
  return impl_->acceptor.local_endpoint().port();
}

std::vector<recorded_request> fake_graph_api::requests() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

void fake_graph_api::respond(std::string path_part, unsigned status, std::string body,
                             std::map<std::string, std::string> headers) {
  const std::lock_guard lock(impl_->mutex);
  impl_->rules.push_back(
      {std::move(path_part), status, std::move(body), std::move(headers), {}, false});
}

void fake_graph_api::delay(std::string path_part, std::chrono::milliseconds delay) {
  const std::lock_guard lock(impl_->mutex);
  impl_->rules.push_back({std::move(path_part), 200, {}, {}, delay, false});
}

void fake_graph_api::hang(std::string path_part) {
  const std::lock_guard lock(impl_->mutex);
  impl_->rules.push_back({std::move(path_part), 200, {}, {}, {}, true});
}

void fake_graph_api::accept_each_retry_key_once() {
  const std::lock_guard lock(impl_->mutex);
  impl_->retry_keys_once = true;
}

void fake_graph_api::recover() {
  const std::lock_guard lock(impl_->mutex);
  impl_->rules.clear();
}

std::vector<recorded_request> fake_graph_api::requests_to(std::string_view path_part) const {
  std::vector<recorded_request> matching;
  for (recorded_request& r : requests()) {
    if (std::string_view(r.target).substr(0, r.target.find('?')).find(path_part) !=
        std::string_view::npos) {
      matching.push_back(std::move(r));
    }
  }
  return matching;
}

bool fake_graph_api::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->arrived.wait_for(lock, timeout, [&] { return impl_->received.size() >= count; });
}

}  // namespace madoguchi::testing
