// entry_versions rows: lists and links as JSON text, dates as YYYY-MM-DD.
#include "version_rows.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace madoguchi::store::sqlite {
namespace {

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

// The stored JSON is written only by write_version, so parse failures are broken invariants.
knowledge::entry read_entry(const statement& row, int first) {
  knowledge::entry e;
  e.tenant = row.column_text(first);
  e.id = row.column_text(first + 1);
  e.title = row.column_text(first + 2);
  e.questions = strings_from_json(row.column_text(first + 3));
  e.answer = row.column_text(first + 4);
  e.links = links_from_json(row.column_text(first + 5));
  e.keywords = strings_from_json(row.column_text(first + 6));
  e.valid_from = date_of(row.column_optional_text(first + 7));
  e.valid_until = date_of(row.column_optional_text(first + 8));
  e.event_start = date_of(row.column_optional_text(first + 9));
  e.event_end = date_of(row.column_optional_text(first + 10));
  e.apply_until = date_of(row.column_optional_text(first + 11));
  e.source = row.column_text(first + 12);
  return e;
}

void write_version(connection& db, const knowledge::entry& e, std::int64_t version,
                   std::string_view author) {
  statement insert = db.prepare(R"sql(
INSERT INTO entry_versions (tenant_id, entry_id, version, title, questions, answer, links,
  keywords, valid_from, valid_until, event_start, event_end, apply_until, source, author)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15))sql");
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
      .bind_nullable(13, date_text(e.apply_until))
      .bind(14, e.source)
      .bind(15, author)
      .step();
}

void mark_published(connection& db, std::string_view tenant, std::string_view id,
                    std::int64_t version) {
  statement update = db.prepare(R"sql(
UPDATE entry_versions SET published_at = coalesce(published_at,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
WHERE tenant_id = ?1 AND entry_id = ?2 AND version = ?3)sql");
  update.bind(1, tenant).bind(2, id).bind(3, version).step();
}

std::int64_t latest_version(connection& db, std::string_view tenant, std::string_view id) {
  statement query = db.prepare(
      "SELECT coalesce(max(version), 0) FROM entry_versions WHERE tenant_id = ?1 AND "
      "entry_id = ?2");
  query.bind(1, tenant).bind(2, id).step();
  return query.column_int(0);
}

std::optional<knowledge::entry> read_version(connection& db, std::string_view tenant,
                                             std::string_view id, std::int64_t version) {
  statement query = db.prepare("SELECT " + std::string(entry_columns) +
                               " FROM entry_versions v WHERE v.tenant_id = ?1 AND "
                               "v.entry_id = ?2 AND v.version = ?3");
  query.bind(1, tenant).bind(2, id).bind(3, version);
  if (!query.step()) {
    return std::nullopt;
  }
  return read_entry(query);
}

}  // namespace madoguchi::store::sqlite
