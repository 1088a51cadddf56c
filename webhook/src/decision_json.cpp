// The neutral JSON form of a decision.
#include "madoguchi/webhook/decision_json.hpp"

namespace madoguchi::webhook {
namespace {

nlohmann::json links_json(const std::vector<bot::link_button>& buttons) {
  nlohmann::json links = nlohmann::json::array();
  for (const bot::link_button& l : buttons) {
    links.push_back({{"title", l.title}, {"url", l.url}});
  }
  return links;
}

}  // namespace

nlohmann::json decision_to_json(std::string_view tenant, std::string_view text,
                                const bot::decision& decision) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const bot::scored_candidate& c : decision.candidates) {
    candidates.push_back({{"entry", c.entry_id}, {"score", c.score}});
  }
  nlohmann::json cards = nlohmann::json::array();
  for (const bot::card& c : decision.message.cards) {
    cards.push_back({{"title", c.title},
                     {"subtitle", c.subtitle},
                     {"payload", c.payload},
                     {"links", links_json(c.links)}});
  }
  nlohmann::json quick_replies = nlohmann::json::array();
  for (const bot::quick_reply& q : decision.message.quick_replies) {
    quick_replies.push_back({{"title", q.title}, {"payload", q.payload}});
  }
  nlohmann::json evidence(nullptr);
  if (const auto& e = decision.evidence) {
    evidence = {{"entry_coverage", e->entry_coverage},
                {"question_coverage", e->question_coverage},
                {"question_overlap", e->question_overlap},
                {"runner_up_entry_coverage", e->runner_up_entry_coverage},
                {"runner_up_question_coverage", e->runner_up_question_coverage},
                {"lead", e->lead},
                {"information", e->information},
                {"rivals", e->rivals}};
  }
  return {
      {"tenant", tenant},
      {"text", text},
      {"decision", bot::to_string(decision.chosen)},
      {"entry",
       decision.entry_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(decision.entry_id)},
      {"confidence", decision.confidence},
      {"safety_signal", decision.safety_signal.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(decision.safety_signal)},
      {"candidates", std::move(candidates)},
      {"evidence", std::move(evidence)},
      {"reply",
       {{"text", decision.message.text},
        {"links", links_json(decision.message.links)},
        {"cards", std::move(cards)},
        {"quick_replies", std::move(quick_replies)}}}};
}

}  // namespace madoguchi::webhook
