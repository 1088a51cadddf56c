// Conversations handed over to staff, so the page shows who is waiting for a person, and lets
// staff give a conversation back to the bot.
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/handover_json.hpp"

namespace madoguchi::admin::api {
namespace {

constexpr std::string_view return_action = "handover.return";

}  // namespace

net::awaitable<response> handovers(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::conversations& conversations = call.services.db.conversations();
  const auto threads = co_await on_storage(
      call, [&conversations, &tenant] { return conversations.with_staff(tenant); });
  nlohmann::json list = nlohmann::json::array();
  for (const store::conversation& c : threads) {
    nlohmann::json row = handover_to_json(c);
    row["ref"] = handover_ref(c);
    list.push_back(std::move(row));
  }
  co_return json_reply(call.req, nlohmann::json{{"handovers", std::move(list)}});
}

// 「Botに戻す」: the bot answers the person's next message, taking the thread back from the inbox
// first (Messenger, Instagram) as it does once staff have been quiet for the quiet period.
net::awaitable<response> return_handover(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const std::string tenant = string_field(body, "tenant");
  const std::string ref = string_field(body, "ref");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::database& db = call.services.db;
  const store::audit_record row =
      audit_row(call, return_action, tenant, {}, std::nullopt, std::nullopt);
  const auto returned = co_await on_storage(call, [&db, &tenant, &ref, &row] {
    std::optional<store::conversation> found;
    db.in_transaction([&] {
      for (store::conversation& c : db.conversations().with_staff(tenant)) {
        if (handover_ref(c) == ref) {
          c.staff_active_at = 0;  // staff are done: the quiet period has passed
          db.conversations().save(c);
          store::audit_record written = row;
          written.target = masked_sender(c.sender);
          written.after = nlohmann::json{{"channel", c.channel}}.dump();
          db.audit().append(written);
          found = c;
          return;
        }
      }
    });
    return found;
  });
  if (!returned) {
    co_return not_found(call.req, "引き継ぎ中の会話");
  }
  co_return json_reply(call.req, handover_to_json(*returned));
}

}  // namespace madoguchi::admin::api
