// Client address and same-origin checks of staff API requests.
#include "request_source.hpp"

#include "session_token.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

namespace madoguchi::admin::api {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

bool is_loopback(std::string_view address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(std::string(address), ec);
  return !ec && parsed.is_loopback();
}

}  // namespace

std::string client_address(const webhook::request& req) {
  const std::string_view peer = req[webhook::peer_address_field];
  const std::string_view forwarded = req["X-Forwarded-For"];
  if (!is_loopback(peer) || forwarded.empty()) {
    return std::string(peer);
  }
  const std::size_t comma = forwarded.rfind(',');
  const std::string_view last =
      trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
  return last.empty() ? std::string(peer) : std::string(last);
}

bool from_another_site(const webhook::request& req) {
  const std::string_view fetch_site = req["Sec-Fetch-Site"];
  if (fetch_site == "cross-site" || fetch_site == "same-site") {
    return true;
  }
  const auto origin = req.find(webhook::http::field::origin);
  if (origin == req.end()) {
    return false;
  }
  const std::string own = std::string(arrived_over_tls(req) ? "https://" : "http://") +
                          std::string(req[webhook::http::field::host]);
  return !boost::beast::iequals(origin->value(), own);
}

}  // namespace madoguchi::admin::api
