// The staff API's handlers, one per route of API.md. The dispatcher has already checked the
// session, the CSRF token and the admin-only rule; handlers check tenants and bodies.
#pragma once

#include "api_call.hpp"

namespace madoguchi::admin::api {

// session_api.cpp
net::awaitable<response> login(api_call& call);
net::awaitable<response> logout(api_call& call);
net::awaitable<response> me(api_call& call);
net::awaitable<response> tenants(api_call& call);

// entries_api.cpp
net::awaitable<response> list_entries(api_call& call);
net::awaitable<response> create_entry(api_call& call);
net::awaitable<response> get_entry(api_call& call);
net::awaitable<response> put_entry(api_call& call);
net::awaitable<response> publish_entry(api_call& call);
net::awaitable<response> retire_entry(api_call& call);
net::awaitable<response> entry_versions(api_call& call);
net::awaitable<response> rollback_entry(api_call& call);

// drafts_api.cpp
net::awaitable<response> list_drafts(api_call& call);

// schedule_api.cpp
net::awaitable<response> schedule_entry(api_call& call);

// preview_api.cpp
net::awaitable<response> preview(api_call& call);
net::awaitable<response> try_question(api_call& call);

// unanswered_api.cpp
net::awaitable<response> unanswered(api_call& call);
net::awaitable<response> attach_unanswered(api_call& call);
net::awaitable<response> dismiss_unanswered(api_call& call);

// handovers_api.cpp
net::awaitable<response> handovers(api_call& call);
net::awaitable<response> return_handover(api_call& call);

// audit_api.cpp
net::awaitable<response> audit(api_call& call);

// csv_api.cpp
net::awaitable<response> export_csv(api_call& call);
net::awaitable<response> preview_import(api_call& call);
net::awaitable<response> import_csv(api_call& call);

// staff_api.cpp
net::awaitable<response> list_staff(api_call& call);
net::awaitable<response> add_staff(api_call& call);
net::awaitable<response> change_staff_password(api_call& call);
net::awaitable<response> disable_staff(api_call& call);
net::awaitable<response> enable_staff(api_call& call);
net::awaitable<response> change_staff_access(api_call& call);
net::awaitable<response> change_own_password(api_call& call);

}  // namespace madoguchi::admin::api
