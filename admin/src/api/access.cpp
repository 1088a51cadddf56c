// Access rules and shared handler helpers.
#include "access.hpp"

#include "api_response.hpp"
#include "madoguchi/admin/entry_json.hpp"

#include <algorithm>

namespace madoguchi::admin::api {
std::string audit_row_entry_text(const std::optional<knowledge::entry>& e) {
  return e ? entry_to_json(*e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
           : std::string();
}

bool is_admin(const store::staff_account& account) {
  return account.role == store::staff_role::admin;
}

bool can_see(const store::staff_account& account, std::string_view tenant) {
  return is_admin(account) ||
         std::find(account.tenants.begin(), account.tenants.end(), tenant) != account.tenants.end();
}

net::awaitable<std::optional<response>> check_tenant(api_call& call, const std::string& tenant) {
  if (tenant.empty()) {
    co_return error_reply(call.req, http::status::bad_request, "invalid",
                          "自治体（tenant）を指定してください。", "tenant");
  }
  if (!can_see(call.caller, tenant)) {
    co_return forbidden(call.req);
  }
  store::knowledge_repository& knowledge = call.services.db.knowledge();
  const bool known = co_await on_storage(call, [&knowledge, &tenant] {
    const auto tenants = knowledge.tenants();
    return std::any_of(tenants.begin(), tenants.end(),
                       [&tenant](const knowledge::tenant& t) { return t.id == tenant; });
  });
  if (!known) {
    co_return not_found(call.req, "自治体「" + tenant + "」");
  }
  co_return std::nullopt;
}

store::audit_record audit_row(const api_call& call, std::string_view action, std::string tenant,
                              std::string target, const std::optional<knowledge::entry>& before,
                              const std::optional<knowledge::entry>& after) {
  store::audit_record row;
  row.actor = call.caller.username;
  row.action = std::string(action);
  row.tenant = std::move(tenant);
  row.target = std::move(target);
  row.before = audit_row_entry_text(before);
  row.after = audit_row_entry_text(after);
  return row;
}

}  // namespace madoguchi::admin::api
