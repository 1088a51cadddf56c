// Knowledge rows: tenants, entries and entry versions.
#include "knowledge_rows.hpp"

#include <nlohmann/json.hpp>

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
  std::vector<knowledge::entry> result;
  // The stored JSON is written only by this class, so parse failures are broken invariants.
  statement query = db_.prepare(R"sql(
SELECT v.tenant_id, v.entry_id, v.title, v.questions, v.answer, v.links, v.keywords,
       v.valid_from, v.valid_until, v.event_start, v.event_end, v.source
FROM entries e
JOIN entry_versions v
  ON v.tenant_id = e.tenant_id AND v.entry_id = e.entry_id AND v.version = e.published_version
ORDER BY v.tenant_id, v.entry_id)sql");
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
    statement insert_entry = db_.prepare(
        "INSERT INTO entries (tenant_id, entry_id, published_version) VALUES (?1, ?2, 1)");
    statement insert_version = db_.prepare(R"sql(
INSERT INTO entry_versions (tenant_id, entry_id, version, title, questions, answer, links,
  keywords, valid_from, valid_until, event_start, event_end, source, author)
VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))sql");
    for (const knowledge::entry& e : content.entries) {
      insert_entry.bind(1, e.tenant).bind(2, e.id).step();
      insert_entry.reset();
      insert_version.bind(1, e.tenant)
          .bind(2, e.id)
          .bind(3, e.title)
          .bind(4, to_json(e.questions))
          .bind(5, e.answer)
          .bind(6, links_to_json(e.links))
          .bind(7, to_json(e.keywords))
          .bind_nullable(8, date_text(e.valid_from))
          .bind_nullable(9, date_text(e.valid_until))
          .bind_nullable(10, date_text(e.event_start))
          .bind_nullable(11, date_text(e.event_end))
          .bind(12, e.source)
          .bind(13, seed_author)
          .step();
      insert_version.reset();
    }
    db_.execute("COMMIT");
  } catch (...) {
    db_.try_execute("ROLLBACK");
    throw;
  }
  return content.entries.size();
}

}  // namespace madoguchi::store::sqlite
