// File: entry_json.hpp
//
// Knowledge entries as JSON, for the staff API and `madoguchi kb export --format json`: the CSV
// columns of knowledge/csv.hpp as keys, lists as arrays. Lives here because the knowledge layer
// links no JSON library.
#pragma once

#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/knowledge/import_plan.hpp"
#include "madoguchi/store/database.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace madoguchi::admin {

// {"id","title","questions":[…],"answer","links":[{"label","url"}],"keywords":[…],
//  "valid_from","valid_until","event_start","event_end","apply_until" (YYYY-MM-DD or null),
//  "source"},
// keys in that order.
nlohmann::ordered_json entry_to_json(const knowledge::entry& e);

// entry_to_json of each, in the order given.
nlohmann::ordered_json entries_to_json(const std::vector<knowledge::entry>& entries);

// {"added","updated","unchanged","retired"}: what an import did, for the API and the audit log.
nlohmann::json import_counts_to_json(const store::import_counts& counts);

// {"counts":{…},"added":[entry…],"updated":[{"before","after"}…],"retired":[entry…]}: what an
// import would do, shown to staff before they confirm it.
nlohmann::ordered_json import_plan_to_json(const knowledge::import_plan& plan);

// What is wrong with an entry a person sent, located and said in Japanese for staff.
struct entry_problem {
  std::string field;    // "answer", "links[1].url", …
  std::string message;  // what is wrong and what to do
};

// The keys the API adds to an entry (status, versions, author); sent back, they are ignored.
bool is_read_only_entry_key(std::string_view key);

// Reads an entry of `tenant` from the object entry_to_json makes (with `tenant` and read-only
// keys allowed, and missing lists or dates as empty), checking what staff can get wrong: the id
// (1–64 of A-Z a-z 0-9 . _ -), a non-empty answer, a title or a question, http(s) links with
// labels, dates as YYYY-MM-DD in order (apply_until not after event_end). Unknown keys are refused,
// so a typo is not lost silently.
std::variant<knowledge::entry, entry_problem> entry_from_json(const nlohmann::json& object,
                                                              std::string_view tenant);

}  // namespace madoguchi::admin
