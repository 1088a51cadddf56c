// What importing a file would do to a tenant's published entries, decided before anything is
// written: the store carries the plan out, and the staff page shows it for confirmation first.
#pragma once
#include "madoguchi/knowledge/entry.hpp"

#include <cstddef>
#include <vector>

namespace madoguchi::knowledge {

struct entry_change {
  entry before;  // the published version
  entry after;   // the file's
};

struct import_plan {
  std::vector<entry> added;           // new ids, and retired ids published again: a new version
  std::vector<entry_change> updated;  // published, with different content: a new version
  std::size_t unchanged = 0;          // the same as the published version: nothing written
  std::vector<entry> retired;         // replace only: published but absent from the file
};

// Compares the file's entries with the tenant's published ones, in the file's order (retired in
// id order). `incoming` holds unique ids of one tenant (what parse_entries_csv returns).
import_plan plan_import(std::vector<entry> published, const std::vector<entry>& incoming,
                        bool replace);

}  // namespace madoguchi::knowledge
