// Session tokens, their CSRF tokens and the session cookie. The cookie holds a random token;
// the database holds only its hash; the CSRF token is derived from the token, so it needs no
// storage and dies with the session.
#pragma once

#include "madoguchi/webhook/http.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::admin::api {

// Behind TLS the cookie is __Host-: the browser then takes it only with Secure and Path=/ and
// no Domain, so a sibling subdomain cannot plant or overwrite it. Over plain HTTP (a loopback
// test or a first setup) browsers refuse __Host- cookies, so the plain name is used, limited to
// /admin/ so that no webhook path ever receives it. Each mode reads only its own name.
inline constexpr std::string_view tls_session_cookie_name = "__Host-mdg_session";
inline constexpr std::string_view plain_session_cookie_name = "mdg_session";
// The absolute limit of a session (ASVS 4.0.3 3.3.2 L2); the idle limit is admin_options.
inline constexpr std::chrono::hours session_lifetime{12};

// A new unguessable token (256 random bits, hex). Throws when the system has no randomness.
std::string new_session_token();

// What the database keeps of a token.
std::string session_token_hash(std::string_view token);

// The CSRF token of a session, which the page echoes in X-CSRF-Token.
std::string csrf_token_for(std::string_view session_token);

// The session token in the request's Cookie header under the name of the request's mode
// (arrived_over_tls), if any.
std::optional<std::string> session_cookie(const webhook::request& req);

// Set-Cookie values for a response to `req`: a session, and one that clears it.
std::string session_cookie_header(const webhook::request& req, std::string_view token);
std::string cleared_session_cookie_header(const webhook::request& req);

// True when the request reached the proxy over TLS (X-Forwarded-Proto: https).
bool arrived_over_tls(const webhook::request& req);

}  // namespace madoguchi::admin::api
