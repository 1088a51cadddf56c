// What the server answers to a request it will not route: one Beast could not read (limits,
// malformed HTTP) or one whose header is well-formed but ambiguous enough to be a smuggling
// attempt. Every such answer closes the connection: after a framing error the next byte's place in
// the stream is unknown.
#pragma once

#include "madoguchi/webhook/http.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <algorithm>
#include <optional>

namespace madoguchi::webhook {

// The answer to a request Beast could not read, or nothing (close silently) when the peer left,
// timed out or the server cancelled the read: there is nobody to tell.
inline std::optional<http::status> status_for_read_error(const boost::beast::error_code& ec) {
  if (ec == http::error::header_limit) {
    return http::status::request_header_fields_too_large;
  }
  if (ec == http::error::body_limit) {
    return http::status::payload_too_large;
  }
  if (ec == http::error::partial_message || ec == http::error::end_of_stream) {
    return std::nullopt;
  }
  // Every other parser error is malformed HTTP: bad request line, version, header, chunk size, a
  // Content-Length beside Transfer-Encoding, two different Content-Lengths.
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return http::status::bad_request;
  }
  return std::nullopt;
}

// The answer to a parsed header the server refuses, or nothing when it may be routed. Beast accepts
// these; a proxy in front may read them differently (RFC 9112 §3.2, §6.1; Envoy's edge guide).
inline std::optional<http::status> status_for_header(
    const http::request_parser<http::string_body>& parser) {
  const request& req = parser.get();
  const std::size_t hosts = req.count(http::field::host);
  if (hosts > 1 || (req.version() == 11 && hosts == 0)) {
    return http::status::bad_request;
  }
  // Beast takes repeated equal lengths ("4, 4", or the field twice); a proxy may take the other.
  if (req.count(http::field::content_length) > 1 ||
      req[http::field::content_length].find(',') != boost::beast::string_view::npos) {
    return http::status::bad_request;
  }
  // Only plain chunked: any other coding leaves the body's length to interpretation.
  if (req.count(http::field::transfer_encoding) > 0 &&
      (req.count(http::field::transfer_encoding) > 1 || !parser.chunked() ||
       !boost::beast::iequals(req[http::field::transfer_encoding], "chunked"))) {
    return http::status::bad_request;
  }
  // Proxies map '_' and '-' differently (X_Hub_Signature may become X-Hub-Signature).
  for (const auto& field : req) {
    const boost::beast::string_view name = field.name_string();
    if (std::find(name.begin(), name.end(), '_') != name.end()) {
      return http::status::bad_request;
    }
  }
  return std::nullopt;
}

}  // namespace madoguchi::webhook
