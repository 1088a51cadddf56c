// `madoguchi ask`: the bot's decision for TEXT or each line of standard input.
#include "ask.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/bot/responder.hpp"
#include "madoguchi/webhook/decision_json.hpp"

#include <cstdio>
#include <iostream>

namespace madoguchi::app {
namespace {

void print_text(std::ostream& out, const bot::decision& d) {
  char confidence[16];
  std::snprintf(confidence, sizeof confidence, "%.2f", d.confidence);
  out << "[" << bot::to_string(d.chosen) << "]" << (d.entry_id.empty() ? "" : " " + d.entry_id)
      << " (confidence " << confidence << ")\n"
      << d.message.text << "\n";
  for (const bot::link_button& link : d.message.links) {
    out << "  " << link.title << ": " << link.url << "\n";
  }
  for (const bot::card& c : d.message.cards) {
    out << "  [" << c.title << "] " << c.subtitle << "\n";
    for (const bot::link_button& link : c.links) {
      out << "    " << link.title << ": " << link.url << "\n";
    }
  }
  for (const bot::quick_reply& choice : d.message.quick_replies) {
    out << "  > " << choice.title << "\n";
  }
  out << "\n";
}

const char* field_label(const std::string& field) {
  return field == "title"       ? "タイトル"
         : field == "questions" ? "質問例"
         : field == "keywords"  ? "キーワード"
                                : "回答";
}

// The explanation as a person reads it: per candidate, each word of the question with the fields
// that hold it and what it added; then the confidence's inputs.
void print_explanation(std::ostream& out, const nlohmann::json& explained, const bot::decision& d) {
  char number[64];
  for (const nlohmann::json& candidate : explained) {
    std::snprintf(number, sizeof number, "%.2f", candidate["score"].get<double>());
    out << "  why " << candidate["entry"].get<std::string>() << " (score " << number << "):\n";
    for (const nlohmann::json& w : candidate["words"]) {
      std::string fields;
      for (const nlohmann::json& f : w["fields"]) {
        fields += (fields.empty() ? "" : "・") + std::string(field_label(f.get<std::string>()));
      }
      std::snprintf(number, sizeof number, "weight %.2f, adds %.2f", w["weight"].get<double>(),
                    w["score"].get<double>());
      out << "    " << w["word"].get<std::string>() << " (" << number
          << "): " << (fields.empty() ? "not in this entry" : fields) << "\n";
    }
    if (!candidate["compounds"].empty()) {
      std::snprintf(number, sizeof number, "%.2f", candidate["compound_score"].get<double>());
      out << "    compounds held whole: " << candidate["compounds"].dump() << " (adds " << number
          << ")\n";
    }
    if (candidate["similar_word_score"].get<double>() > 0) {
      std::snprintf(number, sizeof number, "%.2f", candidate["similar_word_score"].get<double>());
      out << "    similar words for ones no entry has: adds " << number << "\n";
    }
  }
  if (const auto& e = d.evidence) {
    std::snprintf(number, sizeof number, "%.2f", d.confidence);
    out << "  confidence " << number << " from: ";
    const std::pair<const char*, double> inputs[] = {
        {"entry coverage", e->entry_coverage},
        {"best question's coverage", e->question_coverage},
        {"best question's overlap", e->question_overlap},
        {"runner-up's coverage", e->runner_up_entry_coverage},
        {"lead over the runner-up", e->lead},
        {"information", e->information},
        {"rivals", e->rivals}};
    for (std::size_t i = 0; i < std::size(inputs); ++i) {
      std::snprintf(number, sizeof number, "%.2f", inputs[i].second);
      out << (i == 0 ? "" : ", ") << inputs[i].first << " " << number;
    }
    out << "\n";
  }
  out << "\n";
}

}  // namespace

int run_ask(const cli_options& options, const app_config& config, std::istream& in,
            std::ostream& out) {
  const knowledge_base kb = open_knowledge_base(config);
  if (!kb.index->has_tenant(options.tenant)) {
    std::cerr << "madoguchi: unknown tenant '" << options.tenant
              << "' (no published entries); the tenants are: " << tenant_list(kb.db->knowledge())
              << "; to answer for a new tenant, import its entries: madoguchi kb import --tenant "
              << options.tenant << " FILE.csv\n";
    return 2;
  }
  bot::responder_options responder;
  responder.candidates = options.top;

  const auto answer = [&](const std::string& text) {
    bot::message question;
    question.text = text;
    const bot::decision d = bot::decide(*kb.index, options.tenant, question, responder);
    const nlohmann::json explained =
        options.explain ? webhook::explanations_to_json(*kb.index, options.tenant, text, d)
                        : nlohmann::json();
    if (options.json) {
      nlohmann::json decided = webhook::decision_to_json(options.tenant, text, d);
      if (options.explain) {
        decided["explain"] = explained;
      }
      out << decided.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      print_text(out, d);
      if (options.explain) {
        print_explanation(out, explained, d);
      }
    }
  };
  if (!options.words.empty()) {
    std::string text;
    for (const std::string& word : options.words) {
      text += (text.empty() ? "" : " ") + word;
    }
    answer(text);
    return 0;
  }
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (!line.empty()) {
      answer(line);
    }
  }
  return 0;
}

}  // namespace madoguchi::app
