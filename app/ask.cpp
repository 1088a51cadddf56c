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
    if (options.json) {
      out << webhook::decision_to_json(options.tenant, text, d)
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n";
    } else {
      print_text(out, d);
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
