// Schema migrations. Each step runs in its own transaction and is never edited once released:
// a change to the schema is a new step.
#include "schema.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace madoguchi::store::sqlite {
namespace {

constexpr std::array<std::string_view, 2> migrations = {
    // 1: tenants, versioned entries, the inbound journal.
    R"sql(
CREATE TABLE tenants (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE entries (
  tenant_id         TEXT NOT NULL REFERENCES tenants(id),
  entry_id          TEXT NOT NULL,
  published_version INTEGER,           -- NULL while only drafts exist or once retired
  PRIMARY KEY (tenant_id, entry_id)
);
CREATE TABLE entry_versions (
  tenant_id   TEXT NOT NULL,
  entry_id    TEXT NOT NULL,
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  questions   TEXT NOT NULL,           -- JSON array of strings
  answer      TEXT NOT NULL,
  links       TEXT NOT NULL,           -- JSON array of {"label","url"}
  keywords    TEXT NOT NULL,           -- JSON array of strings
  valid_from  TEXT, valid_until TEXT,  -- YYYY-MM-DD
  event_start TEXT, event_end   TEXT,
  source      TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (tenant_id, entry_id, version),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES entries(tenant_id, entry_id)
);
CREATE TABLE inbound_journal (
  id          INTEGER PRIMARY KEY,
  platform    TEXT NOT NULL,
  event_key   TEXT NOT NULL,
  tenant_id   TEXT NOT NULL,
  payload     TEXT NOT NULL,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  outcome     TEXT,                    -- NULL while pending
  handled_at  TEXT,
  UNIQUE (platform, event_key)
);
CREATE INDEX inbound_journal_pending ON inbound_journal(id) WHERE outcome IS NULL;
)sql",
    // 2: conversations, the short memory of each thread.
    R"sql(
CREATE TABLE conversations (
  tenant_id   TEXT NOT NULL,
  channel     TEXT NOT NULL,
  sender      TEXT NOT NULL,
  state       TEXT NOT NULL,             -- the conversation logic's session, as JSON
  with_staff  INTEGER NOT NULL,          -- 1 while staff own the thread
  reason      TEXT NOT NULL,
  staff_active_at INTEGER NOT NULL,          -- seconds since the epoch; 0: never handed over
  updated_at  INTEGER NOT NULL,          -- seconds since the epoch
  PRIMARY KEY (tenant_id, channel, sender)
);
CREATE INDEX conversations_with_staff ON conversations(tenant_id, updated_at) WHERE with_staff = 1;
CREATE INDEX conversations_idle ON conversations(updated_at) WHERE with_staff = 0;
)sql",
};

int user_version(connection& db) {
  statement query = db.prepare("PRAGMA user_version");
  query.step();
  return static_cast<int>(query.column_int(0));
}

}  // namespace

void migrate(connection& db) {
  const int current = user_version(db);
  if (current > static_cast<int>(migrations.size())) {
    throw std::runtime_error("the database has schema version " + std::to_string(current) +
                             ", newer than this madoguchi understands (" +
                             std::to_string(migrations.size()) +
                             "); run a newer madoguchi or restore a backup");
  }
  for (std::size_t step = static_cast<std::size_t>(current); step < migrations.size(); ++step) {
    db.execute("BEGIN IMMEDIATE");
    try {
      db.execute(migrations[step]);
      db.execute("PRAGMA user_version = " + std::to_string(step + 1));
      db.execute("COMMIT");
    } catch (...) {
      db.try_execute("ROLLBACK");
      throw;
    }
  }
}

}  // namespace madoguchi::store::sqlite
