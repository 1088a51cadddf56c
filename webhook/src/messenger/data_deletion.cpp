// Meta's Data Deletion Request Callback (developers.facebook.com/docs/development/create-an-app/
// app-dashboard/data-deletion-callback; reliability.md P7): Meta POSTs a `signed_request` when a
// person removes the app; madoguchi forgets them at once and answers with a status URL and a
// confirmation code. The id Meta sends is app-scoped: it finds only what was stored under that
// id, which is why people can also ask in the chat (「データを削除して」).
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/messenger_channel.hpp"
#include "madoguchi/webhook/signature.hpp"
#include "messenger_endpoint.hpp"

#include <openssl/rand.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace madoguchi::webhook {
namespace {

constexpr std::string_view status_path = "/webhook/messenger/data-deletion";

// 16 random bytes as hex: the code the person can quote when asking about their request.
std::string confirmation_code() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("the system's random source failed");
  }
  return hmac_sha256_hex(
             "madoguchi-deletion-code",
             std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()))
      .substr(0, 32);
}

bool is_confirmation_code(std::string_view code) {
  return code.size() == 32 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Where this server is reached from outside, as the request says (behind a TLS proxy).
std::string public_base(const request& req) {
  const std::string_view forwarded = req["X-Forwarded-Proto"];
  const std::string scheme = forwarded == "http" || forwarded.empty() ? "http" : "https";
  return scheme + "://" + std::string(req[http::field::host]);
}

}  // namespace

net::awaitable<response> messenger_channel::delete_data(request req) const {
  if (!options_.configured()) {
    co_return text_response(req, http::status::service_unavailable, messenger_not_configured);
  }
  const std::string signed_request = query_parameter("/?" + req.body(), "signed_request");
  const auto payload = decode_signed_request(options_.app_secret, signed_request);
  const nlohmann::json fields =
      payload ? nlohmann::json::parse(*payload, nullptr, false) : nlohmann::json();
  const auto algorithm = fields.is_object() ? fields.find("algorithm") : fields.end();
  const auto user = fields.is_object() ? fields.find("user_id") : fields.end();
  if (!payload || !fields.is_object() || algorithm == fields.end() || *algorithm != "HMAC-SHA256" ||
      user == fields.end() || !user->is_string() || user->get<std::string>().empty()) {
    telemetry::log_warn("data_deletion_refused", {{"reason", "signed_request invalid"}});
    co_return text_response(
        req, http::status::bad_request,
        "signed_request is missing, malformed or not signed with this app's secret\n");
  }
  const std::string user_id = user->get<std::string>();
  std::int64_t rows = 0;
  for (const std::string_view platform : {"messenger", "instagram"}) {
    const store::forgotten f = co_await pipeline_.forget(std::string(platform), user_id);
    rows += f.total();
  }
  const std::string code = confirmation_code();
  telemetry::log_info("data_deletion_done", {{"confirmation_code", code}, {"rows", rows}});
  co_return json_response(
      req, http::status::ok,
      nlohmann::json{{"url", public_base(req) + std::string(status_path) + "?code=" + code},
                     {"confirmation_code", code}}
          .dump());
}

net::awaitable<response> messenger_channel::deletion_status(request req) const {
  const std::string code = query_parameter(req.target(), "code");
  if (!is_confirmation_code(code)) {
    co_return text_response(req, http::status::not_found,
                            "確認コードが正しくありません。届いたURLをそのまま開いてください。\n");
  }
  // Deletion completes before the callback answers, so every issued code is done.
  co_return text_response(req, http::status::ok,
                          "確認コード " + code +
                              " のデータ削除は完了しています。madoguchi "
                              "が保存していた会話の状態、お送りした回答の記録、お答えできなかった"
                              "ご質問の送信者情報を削除しました。\n");
}

}  // namespace madoguchi::webhook
