// Knowledge rows: tenants, entries and entry versions.
#include "knowledge_rows.hpp"

#include "transaction.hpp"
#include "version_rows.hpp"

#include "madoguchi/knowledge/import_plan.hpp"

#include <set>
#include <stdexcept>

namespace madoguchi::store::sqlite {
namespace {

constexpr std::string_view seed_author = "madoguchi (default content)";

// Published entries; the caller appends the WHERE and ORDER BY clauses.
std::string select_published() {
  return "SELECT " + std::string(entry_columns) + R"sql(
FROM entries e
JOIN entry_versions v
  ON v.tenant_id = e.tenant_id AND v.entry_id = e.entry_id AND v.version = e.published_version
)sql";
}

std::vector<knowledge::entry> read_entries(statement& query) {
  std::vector<knowledge::entry> result;
  while (query.step()) {
    result.push_back(read_entry(query));
  }
  return result;
}

}  // namespace

std::vector<knowledge::tenant> knowledge_rows::tenants() {
  std::vector<knowledge::tenant> result;
  statement query = db_.prepare("SELECT id, name FROM tenants ORDER BY id");
  while (query.step()) {
    result.push_back({query.column_text(0), query.column_text(1)});
  }
  return result;
}

void knowledge_rows::ensure_tenant(const knowledge::tenant& t) {
  statement insert = db_.prepare("INSERT OR IGNORE INTO tenants (id, name) VALUES (?1, ?2)");
  insert.bind(1, t.id).bind(2, t.name).step();
}

std::vector<knowledge::entry> knowledge_rows::published_entries() {
  statement query = db_.prepare(select_published() + "ORDER BY v.tenant_id, v.entry_id");
  return read_entries(query);
}

std::vector<knowledge::entry> knowledge_rows::published_entries(std::string_view tenant) {
  statement query = db_.prepare(select_published() + "WHERE e.tenant_id = ?1 ORDER BY v.entry_id");
  query.bind(1, tenant);
  return read_entries(query);
}

std::size_t knowledge_rows::seed(const knowledge::default_content& content) {
  std::size_t written = 0;
  run_in_transaction(db_, [&] {
    statement count = db_.prepare("SELECT count(*) FROM entries");
    count.step();
    if (count.column_int(0) > 0) {
      return;
    }
    for (const knowledge::tenant& t : content.tenants) {
      ensure_tenant(t);
    }
    for (const knowledge::entry& e : content.entries) {
      ensure_entry(e);
      write_version(db_, e, 1, seed_author);
      publish(e, 1);
    }
    written = content.entries.size();
  });
  return written;
}

import_counts knowledge_rows::import_entries(const knowledge::tenant& t,
                                             const std::vector<knowledge::entry>& entries,
                                             bool replace, std::string_view author) {
  std::set<std::string, std::less<>> imported_ids;
  for (const knowledge::entry& e : entries) {
    if (e.tenant != t.id || !imported_ids.insert(e.id).second) {
      throw std::invalid_argument("import_entries: entry '" + e.id + "' of tenant '" + e.tenant +
                                  "' is not a unique entry of tenant '" + t.id + "'");
    }
  }
  import_counts counts;
  run_in_transaction(db_, [&] {
    ensure_tenant(t);
    const knowledge::import_plan plan =
        knowledge::plan_import(published_entries(t.id), entries, replace);
    const auto publish_new_version = [&](const knowledge::entry& e) {
      ensure_entry(e);
      // After any pending draft of staff's: the import supersedes it (it stays in the history).
      const std::int64_t version = latest_version(db_, e.tenant, e.id) + 1;
      write_version(db_, e, version, author);
      publish(e, version);
    };
    for (const knowledge::entry& e : plan.added) {
      publish_new_version(e);
    }
    for (const knowledge::entry_change& change : plan.updated) {
      publish_new_version(change.after);
    }
    for (const knowledge::entry& e : plan.retired) {
      retire(e);
    }
    counts = {plan.added.size(), plan.updated.size(), plan.unchanged, plan.retired.size()};
  });
  return counts;
}

void knowledge_rows::ensure_entry(const knowledge::entry& e) {
  statement insert = db_.prepare(
      "INSERT OR IGNORE INTO entries (tenant_id, entry_id, published_version) VALUES (?1, ?2, "
      "NULL)");
  insert.bind(1, e.tenant).bind(2, e.id).step();
}

// Publishing ends a pending draft older than the published version (an import publishes a
// newer one; staff's draft stays in the history) and the retired state.
void knowledge_rows::publish(const knowledge::entry& e, std::int64_t version) {
  statement update = db_.prepare(R"sql(
UPDATE entries SET published_version = ?3, retired = 0,
  draft_version = CASE WHEN draft_version > ?3 THEN draft_version END
WHERE tenant_id = ?1 AND entry_id = ?2)sql");
  update.bind(1, e.tenant).bind(2, e.id).bind(3, version).step();
  mark_published(db_, e.tenant, e.id, version);
}

// A pending draft stays pending: staff may still publish it.
void knowledge_rows::retire(const knowledge::entry& e) {
  statement update = db_.prepare(
      "UPDATE entries SET published_version = NULL, retired = 1 WHERE tenant_id = ?1 AND "
      "entry_id = ?2");
  update.bind(1, e.tenant).bind(2, e.id).step();
}

}  // namespace madoguchi::store::sqlite
