// File: entries_json.hpp
//
// Knowledge entries as JSON, for `madoguchi kb export --format json`: the CSV columns as keys,
// lists as arrays. Lives in app/ because the knowledge layer links no JSON library.
#pragma once

#include "madoguchi/knowledge/entry.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace madoguchi::app {

// [{"id","title","questions":[…],"answer","links":[{"label","url"}],"keywords":[…],
//   "valid_from","valid_until","event_start","event_end" (YYYY-MM-DD or null),"source"}, …]
// in the order given; keys in that order.
nlohmann::ordered_json entries_to_json(const std::vector<knowledge::entry>& entries);

}  // namespace madoguchi::app
