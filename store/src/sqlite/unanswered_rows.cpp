// Unanswered questions, counted by an upsert on (tenant, normalised text).
#include "unanswered_rows.hpp"

#include "json_list.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace madoguchi::store::sqlite {
namespace {

constexpr std::string_view columns =
    "id, tenant_id, normalized_text, text, last_sender, count, first_seen, last_seen, "
    "attached_entry, dismissed_at";

unanswered_question read_row(const statement& row) {
  return {row.column_int(0),  row.column_text(1), row.column_text(2), row.column_text(3),
          row.column_text(4), row.column_int(5),  row.column_int(6),  row.column_int(7),
          row.column_text(8), row.column_int(9)};
}

}  // namespace

void unanswered_rows::record(std::string_view tenant, std::string_view normalized_text,
                             std::string_view text, std::string_view sender_pseudonym,
                             std::int64_t now) {
  // Asked again after staff attached it: the entry did not catch it, so it is open again.
  statement upsert = db_.prepare(R"sql(
INSERT INTO unanswered (tenant_id, normalized_text, text, last_sender, count, first_seen,
  last_seen)
VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
ON CONFLICT (tenant_id, normalized_text) DO UPDATE SET
  count = count + 1, text = excluded.text, last_sender = excluded.last_sender,
  last_seen = excluded.last_seen, attached_entry = '')sql");
  upsert.bind(1, tenant)
      .bind(2, normalized_text)
      .bind(3, text)
      .bind(4, sender_pseudonym)
      .bind(5, now)
      .step();
}

std::vector<unanswered_question> unanswered_rows::open(const std::vector<std::string>& tenants,
                                                       std::size_t limit) {
  statement query = db_.prepare("SELECT " + std::string(columns) + R"sql( FROM unanswered
WHERE attached_entry = '' AND dismissed_at = 0
  AND (json_array_length(?1) = 0 OR tenant_id IN (SELECT value FROM json_each(?1)))
ORDER BY count DESC, last_seen DESC, id
LIMIT ?2)sql");
  const auto largest = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  query.bind(1, json_list(tenants)).bind(2, static_cast<std::int64_t>(std::min(limit, largest)));
  std::vector<unanswered_question> result;
  while (query.step()) {
    result.push_back(read_row(query));
  }
  return result;
}

std::optional<unanswered_question> unanswered_rows::find(std::int64_t id) {
  statement query =
      db_.prepare("SELECT " + std::string(columns) + " FROM unanswered WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) {
    return std::nullopt;
  }
  return read_row(query);
}

void unanswered_rows::mark_attached(std::int64_t id, std::string_view entry_id) {
  statement update = db_.prepare("UPDATE unanswered SET attached_entry = ?2 WHERE id = ?1");
  update.bind(1, id).bind(2, entry_id).step();
}

void unanswered_rows::mark_dismissed(std::int64_t id, std::int64_t now) {
  statement update = db_.prepare("UPDATE unanswered SET dismissed_at = ?2 WHERE id = ?1");
  update.bind(1, id).bind(2, now).step();
}

}  // namespace madoguchi::store::sqlite
