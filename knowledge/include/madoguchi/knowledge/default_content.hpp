// File: default_content.hpp
//
// The default knowledge base shipped with madoguchi, written from the two press releases in
// shared/seeds/ and embedded in the binary at build time (knowledge/data/*.toml), so a fresh
// install answers citizens of the default municipalities with no files beside it.
#pragma once

#include "madoguchi/knowledge/entry.hpp"

#include <string_view>
#include <vector>

namespace madoguchi::knowledge {

struct default_content {
  std::vector<tenant> tenants;
  std::vector<entry> entries;  // one per (tenant, id): shared entries are copied to each tenant
};

// Parses the tenant list and the entry file. Entries carry a scope ("all", a tenant group such as
// "tohoku", or one tenant id) and are copied to every tenant in it, with `{municipality}` replaced
// by the tenant's name. Throws std::runtime_error naming the entry and field on malformed data.
default_content parse_default_content(std::string_view tenants_toml, std::string_view entries_toml);

// The embedded default content. Throws only if the embedded data is malformed (a build defect
// that the unit tests catch).
const default_content& embedded_default_content();

}  // namespace madoguchi::knowledge
