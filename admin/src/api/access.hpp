// Who may see what: admins every tenant, editors the tenants on their account. And the small
// helpers every handler uses to reach the database thread and write the audit log.
#pragma once

#include "api_call.hpp"
#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/store/audit.hpp"
#include "madoguchi/webhook/offload.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::admin::api {

bool is_admin(const store::staff_account& account);
bool can_see(const store::staff_account& account, std::string_view tenant);

// Nullopt when the caller may work on `tenant` and it exists; else the answer to send: 400 for
// no tenant, 403 for another tenant's, 404 (admins) for an unknown one.
net::awaitable<std::optional<response>> check_tenant(api_call& call, const std::string& tenant);

// Runs `work` on the database thread.
template <class Work>
auto on_storage(const api_call& call, Work work) {
  return webhook::run_on(call.services.storage, std::move(work));
}

// An entry as audit text (entry_to_json); empty for none.
std::string audit_row_entry_text(const std::optional<knowledge::entry>& e);

// An audit row by the caller; entries go in as entry_to_json text.
store::audit_record audit_row(const api_call& call, std::string_view action, std::string tenant,
                              std::string target, const std::optional<knowledge::entry>& before,
                              const std::optional<knowledge::entry>& after);

}  // namespace madoguchi::admin::api
