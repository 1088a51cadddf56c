// `madoguchi eval`: the bot's decisions on labelled questions, scored by the rules of
// shared/spec/knowledge-base.md.
#include "eval.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/bot/evaluation.hpp"
#include "madoguchi/bot/responder.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace madoguchi::app {

int run_eval(const cli_options& options, const app_config& config, std::ostream& out) {
  std::ifstream file(options.file, std::ios::binary);
  if (!file) {
    std::cerr << "madoguchi: cannot read '" << options.file
              << "'; give the path of a tenant<TAB>question<TAB>expected file\n";
    return 1;
  }
  std::ostringstream text;
  text << file.rdbuf();
  const auto parsed = bot::parse_evaluation_file(text.str());
  if (const auto* errors = std::get_if<std::vector<bot::evaluation_file_error>>(&parsed)) {
    for (const bot::evaluation_file_error& error : *errors) {
      std::cerr << options.file << ":" << error.line << ": " << error.message << "\n";
    }
    std::cerr << "madoguchi: " << errors->size() << " malformed line(s); nothing was scored\n";
    return 2;
  }

  const knowledge_base kb = open_knowledge_base(config);
  bot::evaluation_report report;
  bot::responder_options decide_options;
  decide_options.candidates = 10;  // for the ranking's figures (top 10, MRR@10)
  std::size_t unknown_tenants = 0;
  for (const bot::labelled_question& q : std::get<std::vector<bot::labelled_question>>(parsed)) {
    if (!kb.index->has_tenant(q.tenant)) {
      std::cerr << options.file << ":" << q.line << ": unknown tenant '" << q.tenant
                << "' (no published entries); import its knowledge base first\n";
      ++unknown_tenants;
      continue;
    }
    bot::message question;
    question.text = q.text;
    bot::add_to_report(report,
                       bot::score(q, bot::decide(*kb.index, q.tenant, question, decide_options)));
  }
  out << bot::format_report(report);
  return unknown_tenants == 0 ? 0 : 2;
}

}  // namespace madoguchi::app
