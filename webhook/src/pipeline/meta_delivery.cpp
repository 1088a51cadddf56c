// Messenger / Instagram delivery: take control, send the rendered bodies, hand over.
#include "meta_delivery.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/messenger_render.hpp"
#include "madoguchi/webhook/platform_error.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/url/url.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;
using json = nlohmann::json;

// Named, not literals: GCC 12 miscompiles string literals inside co_await expressions
// ("array used as initializer").
constexpr std::string_view messages_edge = "messages";
constexpr std::string_view take_edge = "take_thread_control";
constexpr std::string_view pass_edge = "pass_thread_control";
// Shown before an answer, in this order.
constexpr std::array<std::string_view, 2> sender_actions = {"mark_seen", "typing_on"};

std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The app a hand-over passes the thread to: the one that asked for it (request_thread_control),
// else the platform's inbox.
json hand_over_target(const channel_event& event) {
  if (event.type == channel_event::kind::staff_requested && !event.payload.empty()) {
    const bool digits = std::all_of(event.payload.begin(), event.payload.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
    return digits && event.payload.size() < 19 ? json(std::stoll(event.payload))
                                               : json(event.payload);
  }
  return event.platform == "instagram" ? instagram_inbox_app_id : page_inbox_app_id;
}

std::string sender_action(const channel_event& event, std::string_view action) {
  return dump({{"recipient", messenger_recipient(event.sender_id)}, {"sender_action", action}});
}

}  // namespace

net::awaitable<send_attempt> meta_delivery::call(const std::string& tenant,
                                                 const std::string& platform,
                                                 const std::string& account_id,
                                                 const std::string& recipient,
                                                 std::string_view edge, std::string body) {
  const messenger_account* account = options_.find_account(platform, account_id);
  if (account == nullptr || account->page_token.empty()) {
    // Logged, not sent: the tenant has no page token yet (a first set-up, or a test).
    telemetry::log_info("reply_not_sent_no_token",
                        {{"tenant", tenant},
                         {"recipient", pseudonymize(pseudonym_key_, platform, recipient)},
                         {"edge", edge}});
    co_return send_attempt{{send_verdict::sent, false}, "logged", {}, std::nullopt};
  }
  boost::urls::url url(options_.graph_api_base);
  url.set_path(url.path() + "/me/" + std::string(edge));
  url.params().set("access_token", account->page_token);
  const auto result = co_await client_.post_json(url, std::move(body));
  if (!result) {
    co_return send_attempt{classify_io_failure(), {}, result.error().message(), std::nullopt};
  }
  send_attempt attempt{classify_meta(result->status, result->body), "replied", {}, std::nullopt};
  if (attempt.result.verdict != send_verdict::sent) {
    attempt.error = "HTTP " + std::to_string(result->status) + ": " + platform_error(result->body);
    attempt.retry_after = parse_retry_after(result->retry_after, std::chrono::system_clock::now());
  }
  co_return attempt;
}

net::awaitable<bool> meta_delivery::acknowledge(const std::string& tenant,
                                                const channel_event& event) {
  bool upstream_failing = false;
  for (const std::string_view action : sender_actions) {
    std::string body = sender_action(event, action);
    const send_attempt sent = co_await call(tenant, event.platform, event.account_id,
                                            event.sender_id, messages_edge, std::move(body));
    if (sent.result.verdict != send_verdict::sent) {
      telemetry::log_warn("sender_action_failed", {{"tenant", tenant}, {"error", sent.error}});
      upstream_failing = sent.result.upstream_failing;
      break;  // the answer itself may still get through
    }
  }
  co_return upstream_failing;
}

std::vector<store::outbox_message> meta_delivery::plan(const std::string& tenant,
                                                       const channel_event& event,
                                                       const bot::turn& t) const {
  std::vector<store::outbox_message> calls;
  auto add = [&](std::string_view edge, std::string body) {
    store::outbox_message m;
    m.tenant = tenant;
    m.platform = event.platform;
    m.account_id = event.account_id;
    m.recipient = event.sender_id;
    m.kind = std::string(edge);
    m.body = std::move(body);
    m.critical = t.reply && t.reply->chosen == bot::route::safety;
    calls.push_back(std::move(m));
  };
  const json recipient = messenger_recipient(event.sender_id);
  if (t.take_back) {
    add(take_edge, dump({{"recipient", recipient}, {"metadata", "madoguchi answers again"}}));
    calls.back().best_effort = true;  // refused when madoguchi already owns the thread
  }
  if (t.reply) {
    const meta_platform platform =
        event.platform == "instagram" ? meta_platform::instagram : meta_platform::messenger;
    for (const std::string& body :
         render_messenger_reply(t.reply->message, event.sender_id, platform)) {
      add(messages_edge, body);
    }
  }
  if (t.hand_over) {
    const std::string metadata = "handover:" + std::string(bot::to_string(t.after.reason));
    add(pass_edge, dump({{"recipient", recipient},
                         {"target_app_id", hand_over_target(event)},
                         {"metadata", metadata}}));
  }
  return calls;
}

net::awaitable<send_attempt> meta_delivery::send(const store::outbox_message& m) {
  send_attempt attempt =
      co_await call(m.tenant, m.platform, m.account_id, m.recipient, m.kind, m.body);
  if (m.best_effort && attempt.result.verdict == send_verdict::give_up) {
    attempt = {{send_verdict::sent, false}, "refused_harmlessly", attempt.error, std::nullopt};
  }
  co_return attempt;
}

}  // namespace madoguchi::webhook
