// File: decision_json.hpp
//
// The platform-neutral JSON of a decision, as `madoguchi ask --json` prints it (one line each):
//   {"tenant":…, "text":…, "decision":"answer"|"clarify"|"fallback"|"safety"|"handoff",
//    "entry":ID or null, "confidence":0..1, "candidates":[{"entry":ID,"score":…},…],
//    "reply":{"text":…, "links":[{"title","url"}], "quick_replies":[{"title","payload"}]}}
#pragma once

#include "madoguchi/bot/decision.hpp"
#include "madoguchi/knowledge/index.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace madoguchi::webhook {

nlohmann::json decision_to_json(std::string_view tenant, std::string_view text,
                                const bot::decision& decision);

// Why the decision's first `top` candidates scored as they did (knowledge::index::explain), for
// `ask --explain` and the staff page's try console:
//   [{"entry":ID, "score":…,
//   "words":[{"word","matched","weight","score","fields":["title","questions",
//     "keywords","answer"]}], "compounds":[…], "compound_score":…, "similar_word_score":…}]
nlohmann::json explanations_to_json(const knowledge::index& kb, std::string_view tenant,
                                    std::string_view text, const bot::decision& decision,
                                    std::size_t top = 3);

}  // namespace madoguchi::webhook
