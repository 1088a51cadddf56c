// LINE delivery: reply with the token while it is fresh, push otherwise.
#include "line_delivery.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/line_render.hpp"
#include "madoguchi/webhook/platform_error.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/url/url.hpp>

#include <chrono>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;
using json = nlohmann::json;

// LINE guarantees a reply token for one minute after the webhook; leave room for the call.
constexpr std::chrono::seconds reply_token_lifetime{50};

// Named, not literals: GCC 12 miscompiles string literals inside co_await expressions
// ("array used as initializer").
constexpr std::string_view loading_path = "/v2/bot/chat/loading/start";
constexpr std::string_view reply_path = "/v2/bot/message/reply";
constexpr std::string_view push_path = "/v2/bot/message/push";

bool reply_token_fresh(const channel_event& event) {
  using namespace std::chrono;
  const auto sent = sys_time<milliseconds>(milliseconds(event.timestamp));
  return !event.reply_token.empty() && system_clock::now() - sent < reply_token_lifetime;
}

}  // namespace

std::string line_retry_key(std::string_view event_key) {
  std::string hex = hmac_sha256_hex("madoguchi-line-retry-key", event_key).substr(0, 32);
  hex[12] = '4';                  // version 4 layout
  hex[16] = "89ab"[hex[16] % 4];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

net::awaitable<line_delivery::call_result> line_delivery::call(const std::string& tenant,
                                                               const channel_event& event,
                                                               std::string_view path,
                                                               const json& body,
                                                               const request_headers& extra) {
  const line_account* account = options_.find_account(tenant);
  const std::string recipient = pseudonymize(pseudonym_key_, "line", event.sender_id);
  if (account == nullptr || account->access_token.empty()) {
    telemetry::log_info("reply_not_sent_no_token",
                        {{"tenant", tenant}, {"recipient", recipient}, {"path", path}});
    co_return call_result{"logged", 0, {}};
  }
  boost::urls::url url(options_.api_base);
  url.set_path(url.path() + std::string(path));
  request_headers headers = extra;
  headers.emplace_back("Authorization", "Bearer " + account->access_token);
  const auto result = co_await client_.post_json(
      url, body.dump(-1, ' ', false, json::error_handler_t::replace), headers);
  if (!result) {
    telemetry::log_error("send_failed", {{"tenant", tenant},
                                         {"recipient", recipient},
                                         {"path", path},
                                         {"error", result.error().message()}});
    co_return call_result{"send_failed", 0, {}};
  }
  if (result->status / 100 != 2) {
    co_return call_result{"send_rejected", result->status, platform_error(result->body)};
  }
  co_return call_result{"replied", result->status, {}};
}

net::awaitable<void> line_delivery::acknowledge(const std::string& tenant,
                                                const channel_event& event) {
  // The loading animation ends by itself when the reply arrives.
  const json body = {{"chatId", event.sender_id}, {"loadingSeconds", 5}};
  co_await call(tenant, event, loading_path, body, {});
}

net::awaitable<std::string> line_delivery::deliver(const std::string& tenant,
                                                   const channel_event& event, const bot::turn& t) {
  // LINE has no Handover Protocol: the session alone keeps the bot silent while staff answer
  // in LINE Official Account Manager's chat.
  if (!t.reply) {
    co_return "replied";
  }
  const json messages = render_line_messages(t.reply->message);
  if (messages.empty()) {
    co_return "nothing_to_send";  // LINE refuses an empty message list
  }
  const std::string recipient = pseudonymize(pseudonym_key_, "line", event.sender_id);
  if (reply_token_fresh(event)) {
    const json body = {{"replyToken", event.reply_token}, {"messages", messages}};
    const call_result replied = co_await call(tenant, event, reply_path, body, {});
    const bool token_refused =
        replied.status == 400 && replied.error.find("reply token") != std::string::npos;
    if (!token_refused) {
      if (replied.outcome == "send_rejected") {
        telemetry::log_error("send_rejected", {{"tenant", tenant},
                                               {"recipient", recipient},
                                               {"status", replied.status},
                                               {"error", replied.error}});
      }
      co_return replied.outcome;
    }
    // The token expired or was used; the push below reaches the person all the same.
    telemetry::log_info("line_reply_token_rejected",
                        {{"tenant", tenant}, {"recipient", recipient}, {"error", replied.error}});
  }
  const json body = {{"to", event.sender_id}, {"messages", messages}};
  const request_headers retry_key = {{"X-Line-Retry-Key", line_retry_key(event.message_id)}};
  const call_result pushed = co_await call(tenant, event, push_path, body, retry_key);
  // 409: a push with this retry key was already accepted; the person has the answer.
  if (pushed.outcome == "replied" || pushed.status == 409) {
    co_return "pushed";
  }
  if (pushed.outcome == "send_rejected") {
    telemetry::log_error("send_rejected", {{"tenant", tenant},
                                           {"recipient", recipient},
                                           {"status", pushed.status},
                                           {"error", pushed.error}});
  }
  co_return pushed.outcome;
}

}  // namespace madoguchi::webhook
