#include "privacy_rows.hpp"

#include "transaction.hpp"

#include <string>

namespace madoguchi::store::sqlite {

std::int64_t privacy_rows::changed(std::string_view sql,
                                   std::initializer_list<std::string_view> binds) {
  statement s = db_.prepare(sql);
  int index = 1;
  for (const std::string_view value : binds) {
    s.bind(index++, value);
  }
  s.step();
  return db_.changes();
}

forgotten privacy_rows::forget_person(std::string_view platform, std::string_view sender,
                                      std::string_view pseudonym) {
  forgotten result;
  run_in_transaction(db_, [&] {
    result.conversations =
        changed("DELETE FROM conversations WHERE channel = ?1 AND sender = ?2", {platform, sender});
    result.messages =
        changed("DELETE FROM outbox WHERE platform = ?1 AND recipient = ?2 AND state <> 'pending'",
                {platform, sender});
    result.unanswered =
        changed("DELETE FROM unanswered WHERE last_sender = ?1 AND count = 1", {pseudonym});
    // Asked by others too: the question stays, without the person.
    changed("UPDATE unanswered SET last_sender = '' WHERE last_sender = ?1", {pseudonym});
  });
  return result;
}

purged privacy_rows::purge_before(std::int64_t cutoff_seconds) {
  const std::string cutoff = std::to_string(cutoff_seconds);
  const std::string cutoff_ms = std::to_string(cutoff_seconds * 1000);
  purged result;
  run_in_transaction(db_, [&] {
    // Decided events only: a pending one is still owed an answer. Outbox rows go first (they
    // reference the journal).
    result.messages =
        changed("DELETE FROM outbox WHERE state <> 'pending' AND created_ms < CAST(?1 AS INTEGER)",
                {cutoff_ms});
    result.journal = changed(
        "DELETE FROM inbound_journal WHERE outcome IS NOT NULL AND outcome <> 'queued' "
        "AND received_at < strftime('%Y-%m-%dT%H:%M:%fZ', CAST(?1 AS INTEGER), 'unixepoch') "
        "AND id NOT IN (SELECT journal_id FROM outbox)",
        {cutoff});
    result.unanswered =
        changed("DELETE FROM unanswered WHERE last_seen < CAST(?1 AS INTEGER)", {cutoff});
    result.conversations =
        changed("DELETE FROM conversations WHERE updated_at < CAST(?1 AS INTEGER)", {cutoff});
  });
  return result;
}

}  // namespace madoguchi::store::sqlite
