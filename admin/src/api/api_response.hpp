// The staff API's responses: JSON bodies, errors that say what to do, headers for every answer.
#pragma once

#include "api_call.hpp"

#include <string_view>

namespace madoguchi::admin::api {

// `body` as JSON with `status`, not cached, not sniffed.
response json_reply(const request& req, const nlohmann::json& body,
                    http::status status = http::status::ok);
response json_reply(const request& req, const nlohmann::ordered_json& body,
                    http::status status = http::status::ok);

// {"error":{"code","message"[, "field"]}}. `message` is Japanese and says what to do.
nlohmann::json error_body(std::string_view code, std::string_view message,
                          std::string_view field = {});
response error_reply(const request& req, http::status status, std::string_view code,
                     std::string_view message, std::string_view field = {});

response unauthenticated(const request& req);
response forbidden(const request& req);
response not_found(const request& req, std::string_view what);

// The string `key` of a JSON object; empty when absent or not a string.
std::string string_field(const nlohmann::json& object, std::string_view key);

// The request's body as a JSON object, or the 415/400 answer to send instead.
std::variant<nlohmann::json, response> json_body(const request& req);

}  // namespace madoguchi::admin::api
