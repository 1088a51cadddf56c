#include "outbox_rows.hpp"

namespace madoguchi::store::sqlite {

void outbox_rows::add(std::vector<outbox_message>& messages) {
  statement insert = db_.prepare(
      "INSERT INTO outbox (journal_id, tenant_id, platform, account_id, recipient, kind, body, "
      "reply_token, reply_deadline_ms, retry_key, critical, best_effort, attempts, "
      "next_attempt_ms, created_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  for (outbox_message& m : messages) {
    insert.bind(1, m.journal_id)
        .bind(2, m.tenant)
        .bind(3, m.platform)
        .bind(4, m.account_id)
        .bind(5, m.recipient)
        .bind(6, m.kind)
        .bind(7, m.body)
        .bind(8, m.reply_token)
        .bind(9, m.reply_deadline_ms)
        .bind(10, m.retry_key)
        .bind(11, std::int64_t{m.critical})
        .bind(12, std::int64_t{m.best_effort})
        .bind(13, std::int64_t{m.attempts})
        .bind(14, m.next_attempt_ms)
        .bind(15, m.created_ms)
        .step();
    insert.reset();
    m.id = db_.last_insert_rowid();
  }
}

std::vector<outbox_message> outbox_rows::pending() {
  std::vector<outbox_message> result;
  statement query = db_.prepare(
      "SELECT id, journal_id, tenant_id, platform, account_id, recipient, kind, body, "
      "reply_token, reply_deadline_ms, retry_key, critical, best_effort, attempts, "
      "next_attempt_ms, created_ms FROM outbox WHERE state = 'pending' ORDER BY id");
  while (query.step()) {
    outbox_message m;
    m.id = query.column_int(0);
    m.journal_id = query.column_int(1);
    m.tenant = query.column_text(2);
    m.platform = query.column_text(3);
    m.account_id = query.column_text(4);
    m.recipient = query.column_text(5);
    m.kind = query.column_text(6);
    m.body = query.column_text(7);
    m.reply_token = query.column_text(8);
    m.reply_deadline_ms = query.column_int(9);
    m.retry_key = query.column_text(10);
    m.critical = query.column_int(11) != 0;
    m.best_effort = query.column_int(12) != 0;
    m.attempts = static_cast<int>(query.column_int(13));
    m.next_attempt_ms = query.column_int(14);
    m.created_ms = query.column_int(15);
    result.push_back(std::move(m));
  }
  return result;
}

void outbox_rows::mark_sent(std::int64_t id, std::string_view outcome) {
  statement update = db_.prepare(
      "UPDATE outbox SET state = 'sent', outcome = ?2, attempts = attempts + 1, "
      "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1");
  update.bind(1, id).bind(2, outcome).step();
}

void outbox_rows::reschedule(std::int64_t id, int attempts, std::int64_t next_attempt_ms,
                             std::string_view error) {
  statement update = db_.prepare(
      "UPDATE outbox SET attempts = ?2, next_attempt_ms = ?3, last_error = ?4 WHERE id = ?1");
  update.bind(1, id).bind(2, std::int64_t{attempts}).bind(3, next_attempt_ms).bind(4, error).step();
}

void outbox_rows::give_up(std::int64_t id, std::string_view reason) {
  statement update = db_.prepare(
      "UPDATE outbox SET state = 'dead', outcome = ?2, attempts = attempts + 1, "
      "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1");
  update.bind(1, id).bind(2, reason).step();
}

std::int64_t outbox_rows::depth() {
  statement query = db_.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'");
  query.step();
  return query.column_int(0);
}

}  // namespace madoguchi::store::sqlite
