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

inline constexpr std::string_view session_cookie_name = "mdg_session";
inline constexpr std::chrono::hours session_lifetime{8};

// A new unguessable token (256 random bits, hex). Throws when the system has no randomness.
std::string new_session_token();

// What the database keeps of a token.
std::string session_token_hash(std::string_view token);

// The CSRF token of a session, which the page echoes in X-CSRF-Token.
std::string csrf_token_for(std::string_view session_token);

// The session token in the request's Cookie header, if any.
std::optional<std::string> session_cookie(const webhook::request& req);

// Set-Cookie values: a session, and one that clears it. `secure` adds the Secure attribute.
std::string session_cookie_header(std::string_view token, bool secure);
std::string cleared_session_cookie_header(bool secure);

// True when the request reached the proxy over TLS (X-Forwarded-Proto: https).
bool arrived_over_tls(const webhook::request& req);

}  // namespace madoguchi::admin::api
