#include "madoguchi/admin/scheduled_publishing.hpp"

#include "api/access.hpp"

namespace madoguchi::admin {

std::size_t publish_due(store::database& db, std::int64_t now) {
  std::size_t published = 0;
  for (const store::scheduled_publication& due : db.editorial().due(now)) {
    db.in_transaction([&] {
      const std::string actor = "schedule:" + due.scheduled_by;
      const store::edit_result result = db.editorial().publish(due.tenant, due.id, actor);
      if (!result) {
        return;  // published or retired since: due() drops it next time
      }
      store::audit_record row;
      row.actor = actor;
      row.action = "entry.publish";
      row.tenant = due.tenant;
      row.target = due.id;
      row.before = api::audit_row_entry_text(result.before);
      row.after = api::audit_row_entry_text(result.after);
      db.audit().append(row);
      ++published;
    });
  }
  return published;
}

}  // namespace madoguchi::admin
