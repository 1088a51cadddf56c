// Parsing of the default knowledge base (knowledge/data/*.toml) and its expansion per tenant.
#include "madoguchi/knowledge/default_content.hpp"

#include "embedded_default_kb_toml.hpp"
#include "embedded_tenants_toml.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace madoguchi::knowledge {
namespace {

constexpr std::string_view municipality_placeholder = "{municipality}";

struct tenant_record {
  tenant value;
  std::vector<std::string> groups;
};

[[noreturn]] void fail(std::string_view where, std::string_view what) {
  throw std::runtime_error("default knowledge base: " + std::string(where) + ": " +
                           std::string(what));
}

std::string required_string(const toml::table& table, std::string_view key,
                            std::string_view where) {
  const auto value = table[key].value<std::string>();
  if (!value || value->empty()) {
    fail(where, "'" + std::string(key) + "' must be a non-empty string");
  }
  return *value;
}

std::vector<std::string> string_list(const toml::table& table, std::string_view key,
                                     std::string_view where) {
  std::vector<std::string> values;
  const toml::node_view node = table[key];
  if (!node) {
    return values;
  }
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    fail(where, "'" + std::string(key) + "' must be an array of strings");
  }
  for (const toml::node& item : *array) {
    const auto text = item.value<std::string>();
    if (!text) {
      fail(where, "'" + std::string(key) + "' must contain only strings");
    }
    values.push_back(*text);
  }
  return values;
}

std::optional<std::chrono::year_month_day> optional_date(const toml::table& table,
                                                         std::string_view key,
                                                         std::string_view where) {
  const toml::node_view node = table[key];
  if (!node) {
    return std::nullopt;
  }
  const auto text = node.value<std::string>();
  auto date = text ? parse_date(*text) : std::nullopt;
  if (!date) {
    fail(where, "'" + std::string(key) + "' must be a date written as \"YYYY-MM-DD\"");
  }
  return date;
}

void reject_unknown_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                         std::string_view where) {
  for (const auto& [key, value] : table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      fail(where, "unknown field '" + std::string(key.str()) + "'");
    }
  }
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string trim_trailing_space(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

toml::table parse_document(std::string_view text, std::string_view name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& error) {
    fail(name, std::string(error.description()) + " at line " +
                   std::to_string(error.source().begin.line));
  }
}

std::vector<tenant_record> parse_tenants(std::string_view text) {
  const toml::table document = parse_document(text, "tenants.toml");
  const toml::array* list = document["tenants"].as_array();
  if (list == nullptr) {
    fail("tenants.toml", "expected [[tenants]] tables");
  }
  std::vector<tenant_record> tenants;
  for (const toml::node& node : *list) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      fail("tenants.toml", "every [[tenants]] item must be a table");
    }
    tenant_record record;
    record.value.id = required_string(*table, "id", "tenants.toml");
    record.value.name = required_string(*table, "name", "tenants.toml");
    record.groups = string_list(*table, "groups", "tenants.toml");
    tenants.push_back(std::move(record));
  }
  return tenants;
}

bool in_scope(const tenant_record& t, std::string_view scope) {
  return scope == "all" || scope == t.value.id ||
         std::find(t.groups.begin(), t.groups.end(), scope) != t.groups.end();
}

entry parse_entry(const toml::table& table, std::string_view where) {
  entry e;
  e.id = required_string(table, "id", where);
  e.title = required_string(table, "title", where);
  e.answer = trim_trailing_space(required_string(table, "answer", where));
  e.questions = string_list(table, "questions", where);
  e.keywords = string_list(table, "keywords", where);
  e.source = table["source"].value_or(std::string{});
  e.valid_from = optional_date(table, "valid_from", where);
  e.valid_until = optional_date(table, "valid_until", where);
  e.event_start = optional_date(table, "event_start", where);
  e.event_end = optional_date(table, "event_end", where);
  e.apply_until = optional_date(table, "apply_until", where);
  if (const toml::array* links = table["links"].as_array()) {
    for (const toml::node& node : *links) {
      const toml::table* link_table = node.as_table();
      if (link_table == nullptr) {
        fail(where, "every link must be { label = \"…\", url = \"…\" }");
      }
      e.links.push_back({required_string(*link_table, "label", where),
                         required_string(*link_table, "url", where)});
    }
  }
  return e;
}

entry for_tenant(const entry& shared, const tenant& t) {
  entry copy = shared;
  copy.tenant = t.id;
  copy.title = replace_all(copy.title, municipality_placeholder, t.name);
  copy.answer = replace_all(copy.answer, municipality_placeholder, t.name);
  for (std::string& question : copy.questions) {
    question = replace_all(question, municipality_placeholder, t.name);
  }
  return copy;
}

}  // namespace

default_content parse_default_content(std::string_view tenants_toml,
                                      std::string_view entries_toml) {
  const std::vector<tenant_record> tenants = parse_tenants(tenants_toml);
  const toml::table document = parse_document(entries_toml, "default_kb.toml");
  const toml::array* list = document["entries"].as_array();
  if (list == nullptr) {
    fail("default_kb.toml", "expected [[entries]] tables");
  }

  default_content content;
  for (const tenant_record& t : tenants) {
    content.tenants.push_back(t.value);
  }
  std::set<std::string> seen_ids;
  for (const toml::node& node : *list) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      fail("default_kb.toml", "every [[entries]] item must be a table");
    }
    const std::string where = "entry '" + (*table)["id"].value_or(std::string("(no id)")) + "'";
    reject_unknown_keys(
        *table,
        {"id", "scope", "title", "questions", "keywords", "answer", "links", "valid_from",
         "valid_until", "event_start", "event_end", "apply_until", "source"},
        where);
    const entry shared = parse_entry(*table, where);
    if (!seen_ids.insert(shared.id).second) {
      fail(where, "the id is used twice");
    }
    const std::string scope = required_string(*table, "scope", where);
    bool matched = false;
    for (const tenant_record& t : tenants) {
      if (in_scope(t, scope)) {
        content.entries.push_back(for_tenant(shared, t.value));
        matched = true;
      }
    }
    if (!matched) {
      fail(where, "scope '" + scope + "' names no tenant or group of tenants.toml");
    }
  }
  return content;
}

const default_content& embedded_default_content() {
  static const default_content content =
      parse_default_content(embedded::tenants_toml(), embedded::default_kb_toml());
  return content;
}

}  // namespace madoguchi::knowledge
