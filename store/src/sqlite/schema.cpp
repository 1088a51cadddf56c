// Schema migrations. Each step runs in its own transaction and is never edited once released:
// a change to the schema is a new step.
#include "schema.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace madoguchi::store::sqlite {
namespace {

constexpr std::array<std::string_view, 9> migrations = {
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
    // 3: staff tools: drafts and retired entries, staff accounts and sessions, the audit log, the
    // unanswered questions. Until now only imports wrote entries, so an unpublished entry is one
    // that an import retired.
    R"sql(
ALTER TABLE entries ADD COLUMN draft_version INTEGER;  -- a pending draft newer than published
ALTER TABLE entries ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;  -- 1: was published, now not
UPDATE entries SET retired = 1 WHERE published_version IS NULL;
CREATE TABLE staff (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,             -- Argon2id encoded string
  role          TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
  disabled      INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,  -- seconds since the epoch; 0: not locked
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE staff_tenants (
  staff_id  INTEGER NOT NULL REFERENCES staff(id),
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  PRIMARY KEY (staff_id, tenant_id)
);
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,             -- hex SHA-256 of the cookie's token, never the token
  staff_id   INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,             -- seconds since the epoch
  expires_at INTEGER NOT NULL
);
CREATE INDEX staff_sessions_of ON staff_sessions(staff_id);
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  tenant_id TEXT NOT NULL,                 -- '' when not about one tenant
  target    TEXT NOT NULL,
  before    TEXT NOT NULL,                 -- JSON text or ''
  after     TEXT NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log(tenant_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE unanswered (
  id              INTEGER PRIMARY KEY,
  tenant_id       TEXT NOT NULL,
  normalized_text TEXT NOT NULL,
  text            TEXT NOT NULL,
  last_sender     TEXT NOT NULL,           -- keyed pseudonym, never the platform id
  count           INTEGER NOT NULL,
  first_seen      INTEGER NOT NULL,        -- seconds since the epoch
  last_seen       INTEGER NOT NULL,
  attached_entry  TEXT NOT NULL DEFAULT '',  -- '' while open
  UNIQUE (tenant_id, normalized_text)
);
CREATE INDEX unanswered_open ON unanswered(tenant_id, count DESC, last_seen DESC)
  WHERE attached_entry = '';
)sql",
    // 4: the outbox of platform calls (reliability.md O1).
    R"sql(
CREATE TABLE outbox (
  id                INTEGER PRIMARY KEY,
  journal_id        INTEGER NOT NULL REFERENCES inbound_journal(id),
  tenant_id         TEXT NOT NULL,
  platform          TEXT NOT NULL,
  account_id        TEXT NOT NULL,
  recipient         TEXT NOT NULL,
  kind              TEXT NOT NULL,
  body              TEXT NOT NULL,
  reply_token       TEXT NOT NULL,
  reply_deadline_ms INTEGER NOT NULL,
  retry_key         TEXT NOT NULL,
  critical          INTEGER NOT NULL,
  best_effort       INTEGER NOT NULL,
  state             TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts          INTEGER NOT NULL,
  next_attempt_ms   INTEGER NOT NULL,
  created_ms        INTEGER NOT NULL,
  last_error        TEXT NOT NULL DEFAULT '',
  outcome           TEXT NOT NULL DEFAULT '',  -- "replied", "pushed"; the reason of a dead letter
  finished_at       TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE state = 'pending';
)sql",
    // 5: when each staff session was last used, for the idle timeout (reliability.md S5).
    R"sql(
ALTER TABLE staff_sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE staff_sessions SET last_seen = created_at;
)sql",
    // 6: the last day to register for an event (YYYY-MM-DD); NULL in the versions written before.
    R"sql(
ALTER TABLE entry_versions ADD COLUMN apply_until TEXT;
)sql",
    // 7: questions staff set aside as nothing to answer (chit-chat, another office's matter).
    R"sql(
ALTER TABLE unanswered ADD COLUMN dismissed_at INTEGER NOT NULL DEFAULT 0;
DROP INDEX unanswered_open;
CREATE INDEX unanswered_open ON unanswered(tenant_id, count DESC, last_seen DESC)
  WHERE attached_entry = '' AND dismissed_at = 0;
)sql",
    // 8: when each version first went live, so the history tells published versions from drafts
    // that never were. Known for the versions written before: the live ones, and what the default
    // content and `kb import` wrote (both publish what they write).
    R"sql(
ALTER TABLE entry_versions ADD COLUMN published_at TEXT;
UPDATE entry_versions SET published_at = created_at
WHERE author IN ('madoguchi (default content)', 'madoguchi kb import')
   OR EXISTS (SELECT 1 FROM entries e
              WHERE e.tenant_id = entry_versions.tenant_id AND e.entry_id = entry_versions.entry_id
                AND e.published_version = entry_versions.version);
)sql",
    // 9: 予約公開, a pending draft published at a time staff chose (seconds since the epoch).
    R"sql(
ALTER TABLE entries ADD COLUMN publish_at INTEGER;
ALTER TABLE entries ADD COLUMN publish_by TEXT NOT NULL DEFAULT '';
CREATE INDEX entries_scheduled ON entries(publish_at) WHERE publish_at IS NOT NULL;
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
