// File: database.hpp
//
// Everything madoguchi keeps durably, behind interfaces: the knowledge base (tenants, entries and
// their versions), the inbound journal and the conversations (short per-thread memory). SQLite is
// the embedded default; staff tools (editorial.hpp, staff.hpp, audit.hpp, unanswered.hpp) live
// in the same database. PostgreSQL is planned for deployments that outgrow one machine, behind the
// same interfaces.
//
// Error policy: opening a database that cannot be used throws (a start-up failure, with the fix
// in the message). Calls that can fail at run time because of the environment (disk full, I/O
// error) return boost::system::result; the others throw std::runtime_error, which the caller
// treats as the database being unavailable.
//
// Thread safety: a database and its repositories are NOT thread-safe; the server calls them only
// from its single database thread.
#pragma once

#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/store/audit.hpp"
#include "madoguchi/store/editorial.hpp"
#include "madoguchi/store/outbox.hpp"
#include "madoguchi/store/privacy.hpp"
#include "madoguchi/store/staff.hpp"
#include "madoguchi/store/unanswered.hpp"

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

// What an import did to each entry of the file (and, with replace, to the tenant's others).
struct import_counts {
  std::size_t added = 0;      // new ids, and retired ids published again: a new version
  std::size_t updated = 0;    // published, with different content: a new version
  std::size_t unchanged = 0;  // the same as the published version: no new version
  std::size_t retired = 0;    // replace only: published but absent from the file; unpublished
  auto operator<=>(const import_counts&) const = default;
};

class knowledge_repository {
 public:
  virtual ~knowledge_repository() = default;

  virtual std::vector<knowledge::tenant> tenants() = 0;

  // Adds the tenant if its id is new; an existing tenant is left as it is.
  virtual void ensure_tenant(const knowledge::tenant& t) = 0;

  // The published version of every entry of every tenant.
  virtual std::vector<knowledge::entry> published_entries() = 0;

  // The published version of every entry of `tenant`, ordered by id.
  virtual std::vector<knowledge::entry> published_entries(std::string_view tenant) = 0;

  // Publishes `entries` for tenant `t` in one transaction: adds the tenant if its id is new,
  // writes a new version (by `author`) of every entry that is new or differs from its published
  // version and publishes it, and with `replace` retires the tenant's published entries whose id
  // is not in `entries`. Nothing is overwritten or deleted: old versions stay, retiring only
  // unpublishes. On failure nothing changes and it throws std::runtime_error.
  // REQUIRES: every entry's tenant is t.id; ids are unique (std::invalid_argument otherwise).
  virtual import_counts import_entries(const knowledge::tenant& t,
                                       const std::vector<knowledge::entry>& entries, bool replace,
                                       std::string_view author) = 0;

  // Writes `content` as version 1 of each entry, published, if the database holds no entries
  // yet. Returns the number of entries written (0 when the database already had some).
  virtual std::size_t seed(const knowledge::default_content& content) = 0;
};

// One inbound platform event as the webhook adapter journals it. `payload` is the adapter's own
// serialisation of the event; the store does not interpret it.
struct inbound_event {
  std::string platform;   // "messenger", "instagram", "line"
  std::string event_key;  // the platform's id of the event (mid, webhookEventId): the dedupe key
  std::string tenant;
  std::string payload;
};

struct journaled_event {
  std::int64_t id = 0;
  inbound_event event;
};

class journal {
 public:
  virtual ~journal() = default;

  // Appends `events` durably in one transaction (fsynced when it returns). Events whose
  // (platform, event_key) is already journaled, or repeated within the batch, are skipped.
  // Returns, per event, its new journal id or nullopt for a duplicate; or the storage error
  // (disk full, I/O error), in which case nothing was appended.
  virtual boost::system::result<std::vector<std::optional<std::int64_t>>> append(
      const std::vector<inbound_event>& events) = 0;

  // The `limit` oldest journaled events not yet completed, oldest first: what a restart, or a
  // pipeline that fell behind, must still handle.
  virtual std::vector<journaled_event> pending(
      std::size_t limit = std::numeric_limits<std::size_t>::max()) = 0;

  // Marks a pending event decided, with a short outcome such as "queued" or "ignored", and drops
  // its payload: what the person wrote is not kept once it is decided. Returns false, changing
  // nothing, when the event was no longer pending: another take of it decided it first, and the
  // caller must store nothing of its own decision (each event is decided once).
  [[nodiscard]] virtual bool complete(std::int64_t id, std::string_view outcome) = 0;

  // Replaces a decided event's outcome with what its delivery came to ("pushed", "failed").
  virtual void record_delivery(std::int64_t id, std::string_view outcome) = 0;

  // How many events pending() would return, without reading them.
  virtual std::int64_t pending_count() = 0;

  // Proves that an append would be durable now: commits (fsynced) a probe row and its removal,
  // which leaves the journal as it was. Returns the storage error (disk full, I/O error, file
  // size limit, read-only file) when it cannot.
  virtual boost::system::error_code probe_write() = 0;
};

// The short memory of one thread: (tenant, channel, sender) → the conversation logic's session.
// `state` is the caller's own serialisation; the store reads only the columns beside it.
struct conversation {
  std::string tenant;
  std::string channel;  // "messenger", "instagram", "line"
  std::string sender;   // the platform's id of the person (PSID, IGSID, LINE userId)
  std::string state;
  bool with_staff = false;           // handed over: staff own the thread
  std::string reason;                // why it was handed over ("asked", "fallbacks", "safety")
  std::int64_t updated_at = 0;       // seconds since the epoch
  std::int64_t staff_active_at = 0;  // the hand-over, or staff's last message (0: never)
  bool operator==(const conversation&) const = default;
};

class conversations {
 public:
  virtual ~conversations() = default;

  // The conversation of (tenant, channel, sender), or nullopt for a new thread.
  virtual std::optional<conversation> find(std::string_view tenant, std::string_view channel,
                                           std::string_view sender) = 0;

  // Inserts or replaces the conversation of (c.tenant, c.channel, c.sender).
  virtual void save(const conversation& c) = 0;

  // The conversations staff own, of `tenant` (or all tenants when empty), most recent first.
  virtual std::vector<conversation> with_staff(std::string_view tenant) = 0;

  // Forgets conversations that staff do not own and that were last updated before `before`
  // (seconds since the epoch). Returns how many were removed.
  virtual std::size_t forget_idle(std::int64_t before) = 0;
};

struct sqlite_options {
  std::string path = "var/madoguchi.db";  // parent directories are created
  // When the file would grow past this, writes fail as on a full disk (SQLITE_FULL): webhooks
  // get 503 and are retried by the platform, instead of the disk filling up. 0: no limit.
  std::int64_t max_bytes = 0;
};

// How far a committed transaction has reached when database::in_transaction returns.
enum class durability {
  // On disk: survives a power loss. What an acknowledgement to a platform or to a staff member
  // rests on.
  power_loss,
  // Survives a crash of the process; a power loss may undo it (and nothing committed before
  // it), until the next power_loss commit makes it durable too. For work that is redone from the
  // journal after a restart: a turn's outcome and outbox state.
  process_crash,
};

class database {
 public:
  virtual ~database() = default;
  virtual knowledge_repository& knowledge() = 0;
  virtual journal& inbound() = 0;
  virtual store::conversations& conversations() = 0;
  virtual store::editorial& editorial() = 0;
  virtual staff_directory& staff() = 0;
  virtual audit_log& audit() = 0;
  virtual unanswered_log& unanswered() = 0;
  virtual store::outbox& outbox() = 0;
  virtual store::privacy& privacy() = 0;

  // Runs `work` in one transaction (nested calls join the outer one, and its durability): a
  // change and its audit row are written together or not at all. Rethrows what `work` throws,
  // after rolling back.
  virtual void in_transaction(const std::function<void()>& work,
                              durability level = durability::power_loss) = 0;

  // Copies the whole database to `path` while it stays in use (SQLite's online backup API).
  // Throws std::runtime_error naming the path and the fix when it cannot.
  virtual void backup_to(const std::string& path) = 0;

  // A number that changes whenever another connection (another process: `madoguchi kb import`,
  // `madoguchi staff`) commits a change; the server polls it to reload what others published.
  virtual std::int64_t others_changes() = 0;

  // True when the database answers a trivial query.
  virtual bool ping() = 0;
};

// Opens (creating and migrating when needed) a SQLite database in WAL mode with
// synchronous=FULL. Throws std::runtime_error naming the path and what to do when it cannot.
std::unique_ptr<database> open_sqlite(const sqlite_options& options);

}  // namespace madoguchi::store
