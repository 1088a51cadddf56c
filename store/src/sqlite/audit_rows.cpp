// The audit log: rows are inserted with the database's clock and read newest first.
#include "audit_rows.hpp"

#include "json_list.hpp"

#include <algorithm>
#include <limits>

namespace madoguchi::store::sqlite {

std::int64_t audit_rows::append(const audit_record& record) {
  statement insert = db_.prepare(
      "INSERT INTO audit_log (actor, action, tenant_id, target, before, after) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, record.actor)
      .bind(2, record.action)
      .bind(3, record.tenant)
      .bind(4, record.target)
      .bind(5, record.before)
      .bind(6, record.after)
      .step();
  return db_.last_insert_rowid();
}

std::vector<audit_record> audit_rows::query(const audit_query& q) {
  statement select = db_.prepare(R"sql(
SELECT id, at, actor, action, tenant_id, target, before, after FROM audit_log
WHERE (?1 = 0 OR id < ?1)
  AND (?2 = '' OR target = ?2)
  AND (json_array_length(?3) = 0 OR tenant_id IN (SELECT value FROM json_each(?3)))
ORDER BY id DESC
LIMIT ?4)sql");
  const auto largest = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  select.bind(1, q.before_id)
      .bind(2, q.target)
      .bind(3, json_list(q.tenants))
      .bind(4, static_cast<std::int64_t>(std::min(q.limit, largest)));
  std::vector<audit_record> records;
  while (select.step()) {
    records.push_back({select.column_int(0), select.column_text(1), select.column_text(2),
                       select.column_text(3), select.column_text(4), select.column_text(5),
                       select.column_text(6), select.column_text(7)});
  }
  return records;
}

}  // namespace madoguchi::store::sqlite
