// Blocking Beast client for tests.
#include "http_call.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

namespace madoguchi::testing {

std::string http_result::header(std::string_view name) const {
  const auto same = [](std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) ==
             std::tolower(static_cast<unsigned char>(y));
    });
  };
  for (const auto& [key, value] : headers) {
    if (same(key, name)) {
      return value;
    }
  }
  return {};
}

http_result http_call(unsigned short port, const std::string& method, const std::string& target,
                      const std::string& body, const std::map<std::string, std::string>& headers) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context context;
  beast::tcp_stream stream(context);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});

  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) {
    req.set(name, value);
  }
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);

  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  http_result result{res.result_int(), res.body(), std::string(res[http::field::content_type]), {}};
  for (const auto& field : res) {
    result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return result;
}

}  // namespace madoguchi::testing
