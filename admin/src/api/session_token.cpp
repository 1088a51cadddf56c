// Session tokens and cookies.
#include "session_token.hpp"

#include "madoguchi/webhook/signature.hpp"

#include <openssl/rand.h>

#include <boost/beast/http/field.hpp>

#include <stdexcept>

namespace madoguchi::admin::api {
namespace {

constexpr std::string_view token_purpose = "madoguchi staff session";
constexpr std::string_view hash_purpose = "madoguchi staff session hash";
constexpr std::string_view csrf_purpose = "madoguchi staff csrf";

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string_view cookie_name(const webhook::request& req) {
  return arrived_over_tls(req) ? tls_session_cookie_name : plain_session_cookie_name;
}

std::string cookie_attributes(const webhook::request& req) {
  return arrived_over_tls(req) ? "; Path=/; Secure; HttpOnly; SameSite=Strict"
                               : "; Path=/admin/; HttpOnly; SameSite=Strict";
}

}  // namespace

std::string new_session_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw std::runtime_error("no random bytes for a staff session; check the system's entropy");
  }
  // A keyed hash of random bytes is as random, and comes out as hex.
  return webhook::hmac_sha256_hex(
      std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes), token_purpose);
}

std::string session_token_hash(std::string_view token) {
  return webhook::hmac_sha256_hex(hash_purpose, token);
}

std::string csrf_token_for(std::string_view session_token) {
  return webhook::hmac_sha256_hex(session_token, csrf_purpose);
}

std::optional<std::string> session_cookie(const webhook::request& req) {
  const std::string_view name = cookie_name(req);
  std::string_view cookies = req[webhook::http::field::cookie];
  while (!cookies.empty()) {
    const std::size_t end = cookies.find(';');
    const std::string_view pair = cookies.substr(0, end);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && trim(pair.substr(0, equals)) == name) {
      return trim(pair.substr(equals + 1));
    }
    cookies = end == std::string_view::npos ? std::string_view() : cookies.substr(end + 1);
  }
  return std::nullopt;
}

std::string session_cookie_header(const webhook::request& req, std::string_view token) {
  const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(session_lifetime).count();
  return std::string(cookie_name(req)) + "=" + std::string(token) + cookie_attributes(req) +
         "; Max-Age=" + std::to_string(max_age);
}

std::string cleared_session_cookie_header(const webhook::request& req) {
  return std::string(cookie_name(req)) + "=" + cookie_attributes(req) + "; Max-Age=0";
}

bool arrived_over_tls(const webhook::request& req) {
  return req["X-Forwarded-Proto"] == "https";
}

}  // namespace madoguchi::admin::api
