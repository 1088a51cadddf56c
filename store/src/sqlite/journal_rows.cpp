// The inbound journal: one transaction per append, fsynced by synchronous=FULL at COMMIT.
#include "journal_rows.hpp"

#include <limits>

namespace madoguchi::store::sqlite {

boost::system::result<std::vector<std::optional<std::int64_t>>> journal_rows::append(
    const std::vector<inbound_event>& events) {
  std::vector<std::optional<std::int64_t>> ids;
  if (events.empty()) {
    return ids;
  }
  if (const int rc = db_.prepare("BEGIN IMMEDIATE").try_step(); rc != SQLITE_DONE) {
    return make_error(rc);
  }
  statement insert = db_.prepare(
      "INSERT INTO inbound_journal (platform, event_key, tenant_id, payload) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (platform, event_key) DO NOTHING");
  for (const inbound_event& e : events) {
    insert.bind(1, e.platform).bind(2, e.event_key).bind(3, e.tenant).bind(4, e.payload);
    const int rc = insert.try_step();
    insert.reset();
    if (rc != SQLITE_DONE) {
      db_.try_execute("ROLLBACK");
      return make_error(rc);
    }
    ids.push_back(db_.changes() > 0 ? std::optional(db_.last_insert_rowid()) : std::nullopt);
  }
  if (const int rc = db_.prepare("COMMIT").try_step(); rc != SQLITE_DONE) {
    db_.try_execute("ROLLBACK");
    return make_error(rc);
  }
  return ids;
}

std::vector<journaled_event> journal_rows::pending(std::size_t limit) {
  std::vector<journaled_event> result;
  statement query = db_.prepare(
      "SELECT id, platform, event_key, tenant_id, payload FROM inbound_journal "
      "WHERE outcome IS NULL ORDER BY id LIMIT ?1");
  // SQLite's LIMIT is signed: a negative one means no limit.
  query.bind(1, limit > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())
                    ? std::int64_t{-1}
                    : static_cast<std::int64_t>(limit));
  while (query.step()) {
    result.push_back(
        {query.column_int(0),
         {query.column_text(1), query.column_text(2), query.column_text(3), query.column_text(4)}});
  }
  return result;
}

// The payload (what the person wrote, and their id) is only needed until the event is decided;
// the row itself stays, without it, to recognise redeliveries.
bool journal_rows::complete(std::int64_t id, std::string_view outcome) {
  statement update = db_.prepare(
      "UPDATE inbound_journal SET outcome = ?2, payload = '', "
      "handled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1 AND outcome IS NULL");
  update.bind(1, id).bind(2, outcome).step();
  return db_.changes() == 1;
}

void journal_rows::record_delivery(std::int64_t id, std::string_view outcome) {
  statement update =
      db_.prepare("UPDATE inbound_journal SET outcome = ?2 WHERE id = ?1 AND outcome IS NOT NULL");
  update.bind(1, id).bind(2, outcome).step();
}

std::int64_t journal_rows::pending_count() {
  statement query = db_.prepare("SELECT count(*) FROM inbound_journal WHERE outcome IS NULL");
  query.step();
  return query.column_int(0);
}

boost::system::error_code journal_rows::probe_write() {
  // A ROLLBACK would write nothing; inserting and deleting in one committed transaction writes
  // and fsyncs the journal's pages like an append does, and leaves no row behind.
  if (const auto ec = db_.try_execute("BEGIN IMMEDIATE")) {
    return ec;
  }
  const auto ec = db_.try_execute(
      "INSERT INTO inbound_journal (platform, event_key, tenant_id, payload, outcome) "
      "VALUES ('readiness-probe', 'probe', '', '', 'probe'); "
      "DELETE FROM inbound_journal WHERE platform = 'readiness-probe'; "
      "COMMIT");
  if (ec) {
    db_.try_execute("ROLLBACK");
  }
  return ec;
}

}  // namespace madoguchi::store::sqlite
