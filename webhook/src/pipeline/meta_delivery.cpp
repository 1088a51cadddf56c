// Messenger / Instagram delivery: take control, send the rendered bodies, hand over.
#include "meta_delivery.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/messenger_render.hpp"
#include "madoguchi/webhook/platform_error.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/url/url.hpp>
#include <nlohmann/json.hpp>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;
using json = nlohmann::json;

// Named, not literals: GCC 12 miscompiles string literals inside co_await expressions
// ("array used as initializer").
constexpr std::string_view messages_edge = "messages";
constexpr std::string_view take_edge = "take_thread_control";
constexpr std::string_view pass_edge = "pass_thread_control";

std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string sender_action(const channel_event& event, std::string_view action) {
  return dump({{"recipient", {{"id", event.sender_id}}}, {"sender_action", action}});
}

// Marks a Send API body as madoguchi's, so that its echo is not taken for staff writing.
std::string with_own_metadata(const std::string& body) {
  json message = json::parse(body);
  message["message"]["metadata"] = own_message_metadata;
  return dump(message);
}

}  // namespace

net::awaitable<std::string> meta_delivery::call(const std::string& tenant,
                                                const channel_event& event, std::string_view edge,
                                                std::string body) {
  const messenger_account* account = options_.find_account(event.platform, event.account_id);
  const std::string recipient = pseudonymize(pseudonym_key_, event.platform, event.sender_id);
  if (account == nullptr || account->page_token.empty()) {
    // Logged, not sent: the tenant has no page token yet (a first set-up, or a test).
    telemetry::log_info("reply_not_sent_no_token",
                        {{"tenant", tenant}, {"recipient", recipient}, {"edge", edge}});
    co_return "logged";
  }
  boost::urls::url url(options_.graph_api_base);
  url.set_path(url.path() + "/me/" + std::string(edge));
  url.params().set("access_token", account->page_token);
  const auto result = co_await client_.post_json(url, std::move(body));
  if (!result) {
    telemetry::log_error("send_failed", {{"tenant", tenant},
                                         {"recipient", recipient},
                                         {"edge", edge},
                                         {"error", result.error().message()}});
    co_return "send_failed";
  }
  if (result->status / 100 != 2) {
    telemetry::log_error("send_rejected", {{"tenant", tenant},
                                           {"recipient", recipient},
                                           {"edge", edge},
                                           {"status", result->status},
                                           {"error", platform_error(result->body)}});
    co_return "send_rejected";
  }
  co_return "replied";
}

net::awaitable<void> meta_delivery::acknowledge(const std::string& tenant,
                                                const channel_event& event) {
  for (const std::string_view action : {"mark_seen", "typing_on"}) {
    std::string body = sender_action(event, action);
    if (co_await call(tenant, event, messages_edge, std::move(body)) != "replied") {
      co_return;  // already logged; the answer itself may still get through
    }
  }
}

net::awaitable<std::string> meta_delivery::deliver(const std::string& tenant,
                                                   const channel_event& event, const bot::turn& t) {
  const json recipient = {{"id", event.sender_id}};
  if (t.take_back) {
    // Fails harmlessly when madoguchi already owns the thread.
    std::string body = dump({{"recipient", recipient}, {"metadata", "madoguchi answers again"}});
    co_await call(tenant, event, take_edge, std::move(body));
  }
  std::string outcome = "replied";
  if (t.reply) {
    const meta_platform platform =
        event.platform == "instagram" ? meta_platform::instagram : meta_platform::messenger;
    for (const std::string& body :
         render_messenger_reply(t.reply->message, event.sender_id, platform)) {
      outcome = co_await call(tenant, event, messages_edge, with_own_metadata(body));
      if (outcome != "replied" && outcome != "logged") {
        break;
      }
    }
  }
  if (t.hand_over) {
    const std::string metadata = "handover:" + std::string(bot::to_string(t.after.reason));
    std::string body = dump(
        {{"recipient", recipient}, {"target_app_id", page_inbox_app_id}, {"metadata", metadata}});
    co_await call(tenant, event, pass_edge, std::move(body));
  }
  co_return outcome;
}

}  // namespace madoguchi::webhook
