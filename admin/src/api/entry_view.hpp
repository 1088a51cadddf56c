// Entries as the API shows them, and one editorial change applied with its audit row.
#pragma once

#include "api_call.hpp"
#include "madoguchi/store/editorial.hpp"

#include <functional>
#include <optional>

namespace madoguchi::admin::api {

// entry_to_json plus "tenant", "status", "published_version", "draft_version", "version",
// "updated_by", "updated_at" (API.md).
nlohmann::ordered_json entry_record_json(const store::entry_record& record);

// The answer for an editorial refusal (404, 409), saying what to do.
response edit_error_reply(const request& req, store::edit_error error);

struct applied_edit {
  store::edit_result result;
  std::optional<store::entry_record> record;  // the entry after the change
};

// Runs `change` on the database thread, in one transaction with the audit row `action` by the
// caller (skipped when the change wrote nothing). Then, when `goes_live` and it succeeded,
// rebuilds the index and returns once the change answers webhooks.
net::awaitable<applied_edit> apply_edit(api_call& call, std::string_view action,
                                        const std::string& tenant, const std::string& id,
                                        std::function<store::edit_result()> change, bool goes_live);

// The response for an applied edit: the entry with `success`, or the refusal.
response edit_reply(const request& req, const applied_edit& edit,
                    http::status success = http::status::ok);

}  // namespace madoguchi::admin::api
