// File: signature.hpp
//
// Webhook signatures and keyed pseudonyms, with OpenSSL. Signatures are computed over the raw
// body bytes exactly as received: a parsed and re-serialised body would not match (Meta signs its
// \u-escaped JSON, LINE its own bytes).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::webhook {

enum class signature_check {
  valid,
  missing,    // no header: answer 401
  malformed,  // not the header's format (hex or Base64 of 32 bytes): answer 403
  mismatch,   // wrong secret or altered body: answer 403
};

// Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app_secret, body)>` in constant
// time. `header` is empty when the request had none.
signature_check check_meta_signature(std::string_view app_secret, std::string_view header,
                                     std::string_view body);

// Checks LINE's `X-Line-Signature: Base64(HMAC-SHA256(channel_secret, body))` in constant time.
signature_check check_line_signature(std::string_view channel_secret, std::string_view header,
                                     std::string_view body);

// Meta's `signed_request` (data deletion callback): base64url(HMAC-SHA256(app_secret,
// payload)) "." payload, where payload is base64url JSON. Returns the decoded JSON text when the
// signature is valid, nullopt for any malformed or forged value.
std::optional<std::string> decode_signed_request(std::string_view app_secret,
                                                 std::string_view signed_request);

// True when `a` equals `b`, in time independent of where they differ (and of their lengths).
bool constant_time_equals(std::string_view a, std::string_view b);

// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// A stable pseudonym for a platform user id, for logs: "u_" + 16 hex digits of
// HMAC-SHA256(key, platform ":" id). Without the key it cannot be reversed by enumeration.
std::string pseudonymize(std::string_view key, std::string_view platform, std::string_view id);

}  // namespace madoguchi::webhook
