// The conversations table.
#include "conversation_rows.hpp"

namespace madoguchi::store::sqlite {
namespace {

constexpr std::string_view columns =
    "tenant_id, channel, sender, state, with_staff, reason, staff_active_at, updated_at";

conversation read_row(const statement& row) {
  return {row.column_text(0),     row.column_text(1), row.column_text(2), row.column_text(3),
          row.column_int(4) != 0, row.column_text(5), row.column_int(7),  row.column_int(6)};
}

}  // namespace

std::optional<conversation> conversation_rows::find(std::string_view tenant,
                                                    std::string_view channel,
                                                    std::string_view sender) {
  statement query = db_.prepare("SELECT " + std::string(columns) +
                                " FROM conversations WHERE tenant_id = ?1 AND channel = ?2 AND "
                                "sender = ?3");
  query.bind(1, tenant).bind(2, channel).bind(3, sender);
  if (!query.step()) {
    return std::nullopt;
  }
  return read_row(query);
}

void conversation_rows::save(const conversation& c) {
  statement upsert = db_.prepare("INSERT OR REPLACE INTO conversations (" + std::string(columns) +
                                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  upsert.bind(1, c.tenant)
      .bind(2, c.channel)
      .bind(3, c.sender)
      .bind(4, c.state)
      .bind(5, std::int64_t{c.with_staff ? 1 : 0})
      .bind(6, c.reason)
      .bind(7, c.staff_active_at)
      .bind(8, c.updated_at)
      .step();
}

std::vector<conversation> conversation_rows::with_staff(std::string_view tenant) {
  statement query = db_.prepare("SELECT " + std::string(columns) +
                                " FROM conversations WHERE with_staff = 1 AND (?1 = '' OR "
                                "tenant_id = ?1) ORDER BY updated_at DESC");
  query.bind(1, tenant);
  std::vector<conversation> result;
  while (query.step()) {
    result.push_back(read_row(query));
  }
  return result;
}

std::size_t conversation_rows::forget_idle(std::int64_t before) {
  statement remove =
      db_.prepare("DELETE FROM conversations WHERE with_staff = 0 AND updated_at < ?1");
  remove.bind(1, before).step();
  return static_cast<std::size_t>(db_.changes());
}

}  // namespace madoguchi::store::sqlite
