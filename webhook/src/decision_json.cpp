// The neutral JSON form of a decision.
#include "madoguchi/webhook/decision_json.hpp"

#include "madoguchi/nlp/normalize.hpp"

namespace madoguchi::webhook {
namespace {

nlohmann::json links_json(const std::vector<bot::link_button>& buttons) {
  nlohmann::json links = nlohmann::json::array();
  for (const bot::link_button& l : buttons) {
    links.push_back({{"title", l.title}, {"url", l.url}});
  }
  return links;
}

nlohmann::json explanation_json(std::string_view entry_id, const knowledge::explanation& why) {
  nlohmann::json words = nlohmann::json::array();
  for (const knowledge::explanation::word_part& w : why.words) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& [present, name] : {std::pair{w.in_title, "title"},
                                        {w.in_questions, "questions"},
                                        {w.in_keywords, "keywords"},
                                        {w.in_answer, "answer"}}) {
      if (present) {
        fields.push_back(name);
      }
    }
    words.push_back({{"word", w.word},
                     {"matched", w.matched},
                     {"weight", w.weight},
                     {"score", w.score},
                     {"fields", std::move(fields)}});
  }
  return {{"entry", entry_id},
          {"score", why.score},
          {"words", std::move(words)},
          {"compounds", why.compounds},
          {"compound_score", why.compound_score},
          {"similar_word_score", why.similar_word_score}};
}

}  // namespace

nlohmann::json explanations_to_json(const knowledge::index& kb, std::string_view tenant,
                                    std::string_view text, const bot::decision& decision,
                                    std::size_t top) {
  nlohmann::json out = nlohmann::json::array();
  const nlp::analysis question = kb.analyzer().analyze(nlp::normalize(text));
  for (std::size_t i = 0; i < decision.candidates.size() && i < top; ++i) {
    if (const knowledge::entry* e = kb.find(tenant, decision.candidates[i].entry_id)) {
      out.push_back(explanation_json(e->id, kb.explain(tenant, question, *e)));
    }
  }
  return out;
}

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
