// LINE delivery: reply with the token while it is fresh, push (with a retry key) otherwise.
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
using namespace std::chrono;

// LINE guarantees a reply token for one minute after the webhook; leave room for the call.
constexpr milliseconds reply_token_lifetime{50'000};

// Named, not literals: GCC 12 miscompiles string literals inside co_await expressions
// ("array used as initializer").
constexpr std::string_view loading_path = "/v2/bot/chat/loading/start";
constexpr std::string_view reply_path = "/v2/bot/message/reply";
constexpr std::string_view push_path = "/v2/bot/message/push";
constexpr std::string_view reply_kind = "reply";
constexpr std::string_view push_kind = "push";

std::int64_t now_ms() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string line_retry_key(std::string_view event_key) {
  std::string hex = hmac_sha256_hex("madoguchi-line-retry-key", event_key).substr(0, 32);
  hex[12] = '4';                  // version 4 layout
  hex[16] = "89ab"[hex[16] % 4];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

net::awaitable<send_attempt> line_delivery::call(const std::string& tenant,
                                                 const std::string& recipient,
                                                 std::string_view path, const json& body,
                                                 const request_headers& extra) {
  const line_account* account = options_.find_account(tenant);
  if (account == nullptr || account->access_token.empty()) {
    telemetry::log_info("reply_not_sent_no_token",
                        {{"tenant", tenant},
                         {"recipient", pseudonymize(pseudonym_key_, "line", recipient)},
                         {"path", path}});
    co_return send_attempt{{send_verdict::sent, false}, "logged", {}, std::nullopt};
  }
  boost::urls::url url(options_.api_base);
  url.set_path(url.path() + std::string(path));
  request_headers headers = extra;
  headers.emplace_back("Authorization", "Bearer " + account->access_token);
  const auto result = co_await client_.post_json(
      url, body.dump(-1, ' ', false, json::error_handler_t::replace), headers);
  if (!result) {
    co_return send_attempt{classify_io_failure(), {}, result.error().message(), std::nullopt};
  }
  send_attempt attempt{classify_line(result->status), "replied", {}, std::nullopt};
  if (attempt.result.verdict != send_verdict::sent) {
    attempt.error = "HTTP " + std::to_string(result->status) + ": " + platform_error(result->body);
    attempt.retry_after = parse_retry_after(result->retry_after, system_clock::now());
  }
  co_return attempt;
}

net::awaitable<bool> line_delivery::acknowledge(const std::string& tenant,
                                                const channel_event& event) {
  // The loading animation ends by itself when the reply arrives.
  const json body = {{"chatId", event.sender_id}, {"loadingSeconds", 5}};
  const send_attempt sent = co_await call(tenant, event.sender_id, loading_path, body, {});
  if (sent.result.verdict != send_verdict::sent) {
    telemetry::log_warn("loading_animation_failed", {{"tenant", tenant}, {"error", sent.error}});
  }
  co_return sent.result.upstream_failing;
}

std::vector<store::outbox_message> line_delivery::plan(const std::string& tenant,
                                                       const channel_event& event,
                                                       const bot::turn& t) const {
  // LINE has no Handover Protocol: the session alone keeps the bot silent while staff answer
  // in LINE Official Account Manager's chat.
  if (!t.reply) {
    return {};
  }
  const json messages = render_line_messages(t.reply->message);
  if (messages.empty()) {
    return {};  // LINE refuses an empty message list
  }
  store::outbox_message m;
  m.tenant = tenant;
  m.platform = "line";
  m.recipient = event.sender_id;
  m.kind = std::string(event.reply_token.empty() ? push_kind : reply_kind);
  m.body = messages.dump(-1, ' ', false, json::error_handler_t::replace);
  m.reply_token = event.reply_token;
  m.reply_deadline_ms = event.timestamp + reply_token_lifetime.count();
  m.retry_key = line_retry_key(event.message_id);
  m.critical = t.reply->chosen == bot::route::safety;
  return {std::move(m)};
}

net::awaitable<send_attempt> line_delivery::send(const store::outbox_message& m) {
  const json messages = json::parse(m.body, nullptr, false);
  const std::string recipient_pseudonym = pseudonymize(pseudonym_key_, "line", m.recipient);
  // A reply token is good for one call: only the first attempt, while fresh, uses it. Whatever
  // happens to that call, the push below (idempotent by its retry key) takes over.
  if (m.kind == reply_kind && m.attempts == 0 && now_ms() < m.reply_deadline_ms) {
    const json body = {{"replyToken", m.reply_token}, {"messages", messages}};
    const send_attempt replied = co_await call(m.tenant, m.recipient, reply_path, body, {});
    if (replied.result.verdict == send_verdict::sent) {
      co_return replied;
    }
    telemetry::log_info(
        "line_reply_refused_pushing",
        {{"tenant", m.tenant}, {"recipient", recipient_pseudonym}, {"error", replied.error}});
  }
  const json body = {{"to", m.recipient}, {"messages", messages}};
  const request_headers retry_key = {{"X-Line-Retry-Key", m.retry_key}};
  send_attempt pushed = co_await call(m.tenant, m.recipient, push_path, body, retry_key);
  if (pushed.result.verdict == send_verdict::sent && pushed.outcome == "replied") {
    pushed.outcome = "pushed";
  }
  co_return pushed;
}

}  // namespace madoguchi::webhook
