// Drafts, publishing, retiring and rollback. Each change runs in its own transaction (joining
// the caller's, so that the API writes the change and its audit row together).
#include "editorial_rows.hpp"

#include "transaction.hpp"
#include "version_rows.hpp"

#include <string>

namespace madoguchi::store::sqlite {
namespace {

// What entries says about one entry.
struct entry_state {
  std::optional<std::int64_t> published;
  std::optional<std::int64_t> draft;
  bool retired = false;
};

std::optional<entry_state> state_of(connection& db, std::string_view tenant, std::string_view id) {
  statement query = db.prepare(
      "SELECT published_version, draft_version, retired FROM entries WHERE tenant_id = ?1 AND "
      "entry_id = ?2");
  query.bind(1, tenant).bind(2, id);
  if (!query.step()) {
    return std::nullopt;
  }
  return entry_state{query.column_optional_int(0), query.column_optional_int(1),
                     query.column_int(2) != 0};
}

bool tenant_exists(connection& db, std::string_view tenant) {
  statement query = db.prepare("SELECT 1 FROM tenants WHERE id = ?1");
  query.bind(1, tenant);
  return query.step();
}

entry_status status_of(const entry_state& state) {
  if (state.published) {
    return entry_status::published;
  }
  return state.retired ? entry_status::retired : entry_status::draft;
}

// Every entry row with the version staff see: the pending draft, else the newest. The caller
// appends the rest of the WHERE clause and the ORDER BY.
std::string select_records() {
  return "SELECT e.published_version, e.draft_version, e.retired, v.version, v.author, "
         "v.created_at, " +
         std::string(entry_columns) + ", e.publish_at, e.publish_by" + R"sql(
FROM entries e
JOIN entry_versions v
  ON v.tenant_id = e.tenant_id AND v.entry_id = e.entry_id
 AND v.version = coalesce(e.draft_version, (SELECT max(m.version) FROM entry_versions m
                                            WHERE m.tenant_id = e.tenant_id
                                              AND m.entry_id = e.entry_id))
WHERE e.tenant_id = ?1 )sql";
}

entry_record read_record(const statement& row) {
  entry_record record;
  const entry_state state{row.column_optional_int(0), row.column_optional_int(1),
                          row.column_int(2) != 0};
  record.status = status_of(state);
  record.published_version = state.published;
  record.draft_version = state.draft;
  record.latest = {row.column_int(3), row.column_text(4), row.column_text(5)};
  record.content = read_entry(row, 6);
  if (state.draft) {
    record.publish_at = row.column_optional_int(6 + entry_column_count);
    record.publish_by = record.publish_at ? row.column_text(7 + entry_column_count) : "";
  }
  return record;
}

edit_result failure(edit_error error) {
  edit_result result;
  result.error = error;
  return result;
}

}  // namespace

std::vector<entry_record> editorial_rows::entries(std::string_view tenant) {
  statement query = db_.prepare(select_records() + "ORDER BY e.entry_id");
  query.bind(1, tenant);
  std::vector<entry_record> result;
  while (query.step()) {
    result.push_back(read_record(query));
  }
  return result;
}

std::optional<entry_record> editorial_rows::find(std::string_view tenant, std::string_view id) {
  statement query = db_.prepare(select_records() + "AND e.entry_id = ?2");
  query.bind(1, tenant).bind(2, id);
  if (!query.step()) {
    return std::nullopt;
  }
  return read_record(query);
}

edit_result editorial_rows::create(const knowledge::entry& e, std::string_view author) {
  edit_result result;
  run_in_transaction(db_, [&] {
    if (!tenant_exists(db_, e.tenant)) {
      result = failure(edit_error::unknown_tenant);
      return;
    }
    if (state_of(db_, e.tenant, e.id)) {
      result = failure(edit_error::already_exists);
      return;
    }
    statement insert = db_.prepare(
        "INSERT INTO entries (tenant_id, entry_id, published_version, draft_version, retired) "
        "VALUES (?1, ?2, NULL, 1, 0)");
    insert.bind(1, e.tenant).bind(2, e.id).step();
    write_version(db_, e, 1, author);
    result.after = e;
    result.version = 1;
  });
  return result;
}

edit_result editorial_rows::save_draft(const knowledge::entry& e, std::string_view author) {
  edit_result result;
  run_in_transaction(db_, [&] {
    const auto state = state_of(db_, e.tenant, e.id);
    if (!state) {
      result = failure(edit_error::not_found);
      return;
    }
    const std::int64_t latest = latest_version(db_, e.tenant, e.id);
    const std::int64_t current = state->draft.value_or(latest);
    result.before = read_version(db_, e.tenant, e.id, current);
    result.after = e;
    if (result.before == e) {
      result.version = current;  // saving again without a change writes nothing
      result.changed = false;
      return;
    }
    result.version = latest + 1;
    write_version(db_, e, result.version, author);
    set_state(e.tenant, e.id, state->published, result.version, state->retired);
  });
  return result;
}

// The author is not stored: publishing writes no version (the audit row names who published).
edit_result editorial_rows::publish(std::string_view tenant, std::string_view id,
                                    std::string_view /*author*/) {
  edit_result result;
  run_in_transaction(db_, [&] {
    const auto state = state_of(db_, tenant, id);
    if (!state) {
      result = failure(edit_error::not_found);
      return;
    }
    // A retired entry without a draft is published again as it was last written.
    std::optional<std::int64_t> version = state->draft;
    if (!version && state->retired) {
      version = latest_version(db_, tenant, id);
    }
    if (!version) {
      result = failure(edit_error::no_draft);
      return;
    }
    if (state->published) {
      result.before = read_version(db_, tenant, id, *state->published);
    }
    result.after = read_version(db_, tenant, id, *version);
    result.version = *version;
    set_state(tenant, id, version, std::nullopt, false);
  });
  return result;
}

// As for publish, the audit row names who retired the entry.
edit_result editorial_rows::retire(std::string_view tenant, std::string_view id,
                                   std::string_view /*author*/) {
  edit_result result;
  run_in_transaction(db_, [&] {
    const auto state = state_of(db_, tenant, id);
    if (!state) {
      result = failure(edit_error::not_found);
      return;
    }
    if (!state->published) {
      result = failure(edit_error::not_published);
      return;
    }
    result.before = read_version(db_, tenant, id, *state->published);
    result.version = *state->published;
    // A pending draft stays pending: publishing it brings the entry back.
    set_state(tenant, id, std::nullopt, state->draft, true);
  });
  return result;
}

edit_result editorial_rows::schedule(std::string_view tenant, std::string_view id,
                                     std::optional<std::int64_t> at, std::string_view author) {
  edit_result result;
  run_in_transaction(db_, [&] {
    const auto state = state_of(db_, tenant, id);
    if (!state) {
      result = failure(edit_error::not_found);
      return;
    }
    if (!state->draft) {
      result = failure(edit_error::no_draft);
      return;
    }
    result.after = read_version(db_, tenant, id, *state->draft);
    result.version = *state->draft;
    statement update = db_.prepare(
        "UPDATE entries SET publish_at = ?3, publish_by = ?4 WHERE tenant_id = ?1 AND entry_id = "
        "?2");
    update.bind(1, tenant).bind(2, id).bind_nullable(3, at).bind(4, at ? author : "").step();
  });
  return result;
}

std::vector<scheduled_publication> editorial_rows::due(std::int64_t now) {
  std::vector<scheduled_publication> result;
  run_in_transaction(db_, [&] {
    db_.prepare(
           "UPDATE entries SET publish_at = NULL, publish_by = '' "
           "WHERE publish_at IS NOT NULL AND draft_version IS NULL")
        .step();
    statement query = db_.prepare(
        "SELECT tenant_id, entry_id, publish_by FROM entries "
        "WHERE publish_at IS NOT NULL AND publish_at <= ?1 ORDER BY publish_at, tenant_id, "
        "entry_id");
    query.bind(1, now);
    while (query.step()) {
      result.push_back({query.column_text(0), query.column_text(1), query.column_text(2)});
    }
  });
  return result;
}

std::vector<entry_version> editorial_rows::versions(std::string_view tenant, std::string_view id) {
  statement query = db_.prepare("SELECT v.version, v.author, v.created_at, " +
                                std::string(entry_columns) + R"sql(,
       v.version IS e.published_version, v.published_at IS NOT NULL
FROM entry_versions v
JOIN entries e ON e.tenant_id = v.tenant_id AND e.entry_id = v.entry_id
WHERE v.tenant_id = ?1 AND v.entry_id = ?2
ORDER BY v.version DESC)sql");
  query.bind(1, tenant).bind(2, id);
  std::vector<entry_version> result;
  while (query.step()) {
    entry_version v;
    v.info = {query.column_int(0), query.column_text(1), query.column_text(2)};
    v.content = read_entry(query, 3);
    v.published = query.column_int(3 + entry_column_count) != 0;
    v.was_published = query.column_int(4 + entry_column_count) != 0;
    result.push_back(std::move(v));
  }
  return result;
}

edit_result editorial_rows::rollback(std::string_view tenant, std::string_view id,
                                     std::int64_t version, std::string_view author) {
  edit_result result;
  run_in_transaction(db_, [&] {
    const auto state = state_of(db_, tenant, id);
    if (!state) {
      result = failure(edit_error::not_found);
      return;
    }
    auto content = read_version(db_, tenant, id, version);
    if (!content) {
      result = failure(edit_error::unknown_version);
      return;
    }
    if (state->published) {
      result.before = read_version(db_, tenant, id, *state->published);
    }
    // A new version rather than pointing back at the old one: the history then shows who
    // brought the old content back, and when. A pending draft is superseded (it stays in the
    // history).
    result.version = latest_version(db_, tenant, id) + 1;
    write_version(db_, *content, result.version, author);
    set_state(tenant, id, result.version, std::nullopt, false);
    result.after = std::move(content);
  });
  return result;
}

void editorial_rows::set_state(std::string_view tenant, std::string_view id,
                               std::optional<std::int64_t> published,
                               std::optional<std::int64_t> draft, bool retired) {
  statement update = db_.prepare(
      "UPDATE entries SET published_version = ?3, draft_version = ?4, retired = ?5 "
      "WHERE tenant_id = ?1 AND entry_id = ?2");
  update.bind(1, tenant)
      .bind(2, id)
      .bind_nullable(3, published)
      .bind_nullable(4, draft)
      .bind(5, std::int64_t{retired ? 1 : 0})
      .step();
  if (!draft) {  // nothing left to publish: a schedule ends with its draft
    statement unschedule = db_.prepare(
        "UPDATE entries SET publish_at = NULL, publish_by = '' WHERE tenant_id = ?1 AND "
        "entry_id = ?2");
    unschedule.bind(1, tenant).bind(2, id).step();
  }
  if (published) {
    mark_published(db_, tenant, id, *published);
  }
}

}  // namespace madoguchi::store::sqlite
