// Knowledge rows: tenants, entries and entry versions.
#include "knowledge_rows.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <stdexcept>

namespace madoguchi::store::sqlite {
namespace {

constexpr std::string_view seed_author = "madoguchi (default content)";

std::string to_json(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::string links_to_json(const std::vector<knowledge::link>& links) {
  nlohmann::json array = nlohmann::json::array();
  for (const knowledge::link& l : links) {
    array.push_back({{"label", l.label}, {"url", l.url}});
  }
  return array.dump();
}

std::vector<std::string> strings_from_json(const std::string& text) {
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

std::vector<knowledge::link> links_from_json(const std::string& text) {
  std::vector<knowledge::link> links;
  for (const auto& item : nlohmann::json::parse(text)) {
    links.push_back({item.at("label").get<std::string>(), item.at("url").get<std::string>()});
  }
  return links;
}

std::optional<std::string> date_text(const std::optional<std::chrono::year_month_day>& date) {
  return date ? std::optional<std::string>(knowledge::format_date(*date)) : std::nullopt;
}

std::optional<std::chrono::year_month_day> date_of(const std::optional<std::string>& text) {
  return text ? knowledge::parse_date(*text) : std::nullopt;
}

// Published entries; the caller appends the WHERE and ORDER BY clauses.
constexpr std::string_view select_published = R"sql(
SELECT v.tenant_id, v.entry_id, v.title, v.questions, v.answer, v.links, v.keywords,
       v.valid_from, v.valid_until, v.event_start, v.event_end, v.source
FROM entries e
JOIN entry_versions v
  ON v.tenant_id = e.tenant_id AND v.entry_id = e.entry_id AND v.version = e.published_version
)sql";

// The stored JSON is written only by this class, so parse failures are broken invariants.
std::vector<knowledge::entry> read_entries(statement& query) {
  std::vector<knowledge::entry> result;
  while (query.step()) {
    knowledge::entry e;
    e.tenant = query.column_text(0);
    e.id = query.column_text(1);
    e.title = query.column_text(2);
    e.questions = strings_from_json(query.column_text(3));
    e.answer = query.column_text(4);
    e.links = links_from_json(query.column_text(5));
    e.keywords = strings_from_json(query.column_text(6));
    e.valid_from = date_of(query.column_optional_text(7));
    e.valid_until = date_of(query.column_optional_text(8));
    e.event_start = date_of(query.column_optional_text(9));
    e.event_end = date_of(query.column_optional_text(10));
    e.source = query.column_text(11);
    result.push_back(std::move(e));
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
  statement query = db_.prepare(std::string(select_published) + "ORDER BY v.tenant_id, v.entry_id");
  return read_entries(query);
}

std::vector<knowledge::entry> knowledge_rows::published_entries(std::string_view tenant) {
  statement query =
      db_.prepare(std::string(select_published) + "WHERE e.tenant_id = ?1 ORDER BY v.entry_id");
  query.bind(1, tenant);
  return read_entries(query);
}

std::size_t knowledge_rows::seed(const knowledge::default_content& content) {
  db_.execute("BEGIN IMMEDIATE");
  try {
    statement count = db_.prepare("SELECT count(*) FROM entries");
    count.step();
    if (count.column_int(0) > 0) {
      db_.execute("COMMIT");
      return 0;
    }
    for (const knowledge::tenant& t : content.tenants) {
      ensure_tenant(t);
    }
    for (const knowledge::entry& e : content.entries) {
      ensure_entry(e);
      write_version(e, 1, seed_author);
      publish(e, 1);
    }
    db_.execute("COMMIT");
  } catch (...) {
    db_.try_execute("ROLLBACK");
    throw;
  }
  return content.entries.size();
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
  db_.execute("BEGIN IMMEDIATE");
  try {
    ensure_tenant(t);
    std::map<std::string, knowledge::entry, std::less<>> published;
    for (knowledge::entry& e : published_entries(t.id)) {
      published.emplace(e.id, std::move(e));
    }
    statement latest = db_.prepare(
        "SELECT coalesce(max(version), 0) FROM entry_versions WHERE tenant_id = ?1 AND "
        "entry_id = ?2");
    for (const knowledge::entry& e : entries) {
      const auto current = published.find(e.id);
      if (current != published.end() && current->second == e) {
        ++counts.unchanged;
        continue;
      }
      ++(current == published.end() ? counts.added : counts.updated);
      ensure_entry(e);
      latest.bind(1, e.tenant).bind(2, e.id).step();
      const std::int64_t version = latest.column_int(0) + 1;
      latest.reset();
      write_version(e, version, author);
      publish(e, version);
    }
    for (const auto& [id, e] : published) {
      if (replace && !imported_ids.contains(id)) {
        retire(e);
        ++counts.retired;
      }
    }
    db_.execute("COMMIT");
  } catch (...) {
    db_.try_execute("ROLLBACK");
    throw;
  }
  return counts;
}

void knowledge_rows::ensure_entry(const knowledge::entry& e) {
  statement insert = db_.prepare(
      "INSERT OR IGNORE INTO entries (tenant_id, entry_id, published_version) VALUES (?1, ?2, "
      "NULL)");
  insert.bind(1, e.tenant).bind(2, e.id).step();
}

void knowledge_rows::write_version(const knowledge::entry& e, std::int64_t version,
                                   std::string_view author) {
  statement insert = db_.prepare(R"sql(
INSERT INTO entry_versions (tenant_id, entry_id, version, title, questions, answer, links,
  keywords, valid_from, valid_until, event_start, event_end, source, author)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14))sql");
  insert.bind(1, e.tenant)
      .bind(2, e.id)
      .bind(3, version)
      .bind(4, e.title)
      .bind(5, to_json(e.questions))
      .bind(6, e.answer)
      .bind(7, links_to_json(e.links))
      .bind(8, to_json(e.keywords))
      .bind_nullable(9, date_text(e.valid_from))
      .bind_nullable(10, date_text(e.valid_until))
      .bind_nullable(11, date_text(e.event_start))
      .bind_nullable(12, date_text(e.event_end))
      .bind(13, e.source)
      .bind(14, author)
      .step();
}

void knowledge_rows::publish(const knowledge::entry& e, std::int64_t version) {
  statement update = db_.prepare(
      "UPDATE entries SET published_version = ?3 WHERE tenant_id = ?1 AND entry_id = ?2");
  update.bind(1, e.tenant).bind(2, e.id).bind(3, version).step();
}

void knowledge_rows::retire(const knowledge::entry& e) {
  statement update = db_.prepare(
      "UPDATE entries SET published_version = NULL WHERE tenant_id = ?1 AND entry_id = ?2");
  update.bind(1, e.tenant).bind(2, e.id).step();
}

}  // namespace madoguchi::store::sqlite
