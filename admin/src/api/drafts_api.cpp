// The approval queue: every draft waiting to be published across the caller's tenants.
#include "access.hpp"
#include "api_response.hpp"
#include "entry_view.hpp"
#include "handlers.hpp"

#include <algorithm>

namespace madoguchi::admin::api {

// A new answer not yet live, or a change to a live one, newest first: what editors wrote and an
// admin has still to publish.
net::awaitable<response> list_drafts(api_call& call) {
  store::database& db = call.services.db;
  const store::staff_account& caller = call.caller;
  auto waiting = co_await on_storage(call, [&db, &caller] {
    std::vector<store::entry_record> found;
    for (const knowledge::tenant& t : db.knowledge().tenants()) {
      if (!can_see(caller, t.id)) {
        continue;
      }
      for (store::entry_record& record : db.editorial().entries(t.id)) {
        if (record.draft_version) {
          found.push_back(std::move(record));
        }
      }
    }
    return found;
  });
  std::stable_sort(waiting.begin(), waiting.end(),
                   [](const store::entry_record& a, const store::entry_record& b) {
                     return a.latest.created_at > b.latest.created_at;
                   });
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const store::entry_record& record : waiting) {
    list.push_back(entry_record_json(record));
  }
  co_return json_reply(call.req, nlohmann::ordered_json{{"drafts", std::move(list)}});
}

}  // namespace madoguchi::admin::api
