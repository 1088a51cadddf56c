// Staff API responses.
#include "api_response.hpp"

#include <boost/beast/http/field.hpp>

namespace madoguchi::admin::api {
namespace {

std::string dump(const auto& body) {
  // Staff text may hold invalid UTF-8 pasted from elsewhere: replaced, never a 500.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

response json_reply(const request& req, const nlohmann::json& body, http::status status) {
  return webhook::json_response(req, status, dump(body));
}

response json_reply(const request& req, const nlohmann::ordered_json& body, http::status status) {
  return webhook::json_response(req, status, dump(body));
}

nlohmann::json error_body(std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) {
    error["field"] = field;
  }
  return nlohmann::json{{"error", std::move(error)}};
}

response error_reply(const request& req, http::status status, std::string_view code,
                     std::string_view message, std::string_view field) {
  return json_reply(req, error_body(code, message, field), status);
}

response unauthenticated(const request& req) {
  return error_reply(
      req, http::status::unauthorized, "unauthenticated",
      "ログインしていないか、ログインの有効期限が切れました。もう一度ログインしてください。");
}

response forbidden(const request& req) {
  return error_reply(req, http::status::forbidden, "forbidden",
                     "この操作の権限がありません。必要なときは管理者に依頼してください。");
}

response not_found(const request& req, std::string_view what) {
  return error_reply(req, http::status::not_found, "not_found",
                     std::string(what) + "が見つかりません。一覧から開き直してください。");
}

std::string string_field(const nlohmann::json& object, std::string_view key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::variant<nlohmann::json, response> json_body(const request& req) {
  const std::string_view type = req[http::field::content_type];
  if (!type.starts_with("application/json")) {
    return error_reply(req, http::status::unsupported_media_type, "unsupported_media_type",
                       "本文は Content-Type: application/json の JSON で送ってください。");
  }
  nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return error_reply(req, http::status::bad_request, "invalid",
                       "本文が JSON のオブジェクトとして読めません。送る内容を確認してください。");
  }
  return body;
}

}  // namespace madoguchi::admin::api
