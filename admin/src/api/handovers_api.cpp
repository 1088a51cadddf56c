// Conversations handed over to staff, so the page shows who is waiting for a person.
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/handover_json.hpp"

namespace madoguchi::admin::api {

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
    list.push_back(handover_to_json(c));
  }
  co_return json_reply(call.req, nlohmann::json{{"handovers", std::move(list)}});
}

}  // namespace madoguchi::admin::api
