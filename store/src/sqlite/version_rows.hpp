// Rows of entry_versions: writing a version and reading entries back. Shared by the import side
// (knowledge_rows) and the staff side (editorial_rows), which must agree on the stored form.
#pragma once

#include "connection.hpp"
#include "madoguchi/knowledge/entry.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace madoguchi::store::sqlite {

// The columns read_entry reads, of entry_versions aliased `v`.
inline constexpr std::string_view entry_columns =
    "v.tenant_id, v.entry_id, v.title, v.questions, v.answer, v.links, v.keywords, v.valid_from, "
    "v.valid_until, v.event_start, v.event_end, v.apply_until, v.source";
inline constexpr int entry_column_count = 13;

// The entry in the row's columns first … first + entry_column_count - 1 (entry_columns).
knowledge::entry read_entry(const statement& row, int first = 0);

// Writes `e` as `version` of its entry (whose row must exist) without publishing it.
void write_version(connection& db, const knowledge::entry& e, std::int64_t version,
                   std::string_view author);

// Records that `version` of the entry went live; the first time is kept.
void mark_published(connection& db, std::string_view tenant, std::string_view id,
                    std::int64_t version);

// The newest version number of the entry; 0 when it has none.
std::int64_t latest_version(connection& db, std::string_view tenant, std::string_view id);

// The content of one version; nullopt when there is no such version.
std::optional<knowledge::entry> read_version(connection& db, std::string_view tenant,
                                             std::string_view id, std::int64_t version);

}  // namespace madoguchi::store::sqlite
