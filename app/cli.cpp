// Command-line parsing.
#include "cli.hpp"

#include <charconv>

namespace madoguchi::app {

const char* usage_text() {
  return R"(madoguchi — a chatbot for a municipality's Messenger, Instagram and LINE accounts

usage:
  madoguchi serve [--config FILE]
      Run the webhook server (default 127.0.0.1:8080, database var/madoguchi.db).
  madoguchi ask --tenant ID [--json] [--top N] [--config FILE] [TEXT]
      Answer TEXT as the bot would for tenant ID, or each line of standard input when TEXT is
      absent. --json prints one JSON object per question; --top N reports N candidates (default 5).
  madoguchi help | version

Secrets come from the environment: MADOGUCHI_META_APP_SECRET, MADOGUCHI_META_VERIFY_TOKEN,
MADOGUCHI_PAGE_TOKEN_<TENANT>. See madoguchi.example.toml for every configuration key.
)";
}

std::variant<cli_options, usage_error> parse_cli(const std::vector<std::string>& args) {
  cli_options options;
  if (args.empty()) {
    return usage_error{"no command given; try 'madoguchi serve' or 'madoguchi help'"};
  }
  options.command = args[0];
  if (options.command == "--help" || options.command == "-h") {
    options.command = "help";
  }
  if (options.command == "--version") {
    options.command = "version";
  }
  if (options.command != "serve" && options.command != "ask" && options.command != "help" &&
      options.command != "version") {
    return usage_error{"unknown command '" + options.command +
                       "'; the commands are serve, ask, help and version"};
  }

  const auto value_of = [&](std::size_t& i) -> std::optional<std::string> {
    if (i + 1 >= args.size()) {
      return std::nullopt;
    }
    return args[++i];
  };
  bool only_words = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_words || arg.empty() || arg[0] != '-' || arg == "-") {
      if (options.command != "ask") {
        return usage_error{"'" + options.command + "' takes no argument '" + arg + "'"};
      }
      options.words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_words = true;
    } else if (arg == "--help" || arg == "-h") {
      options.command = "help";
    } else if (arg == "--config") {
      options.config = value_of(i);
      if (!options.config) {
        return usage_error{"--config needs a file name: --config madoguchi.toml"};
      }
    } else if (arg == "--tenant" && options.command == "ask") {
      const auto tenant = value_of(i);
      if (!tenant) {
        return usage_error{"--tenant needs a tenant id: --tenant osaka-pref"};
      }
      options.tenant = *tenant;
    } else if (arg == "--json" && options.command == "ask") {
      options.json = true;
    } else if (arg == "--top" && options.command == "ask") {
      const auto text = value_of(i);
      std::size_t top = 0;
      const char* end = text ? text->data() + text->size() : nullptr;
      if (!text || text->empty() || std::from_chars(text->data(), end, top).ptr != end ||
          top == 0 || top > 100) {
        return usage_error{"--top needs a number from 1 to 100: --top 3"};
      }
      options.top = top;
    } else {
      return usage_error{"unknown option '" + arg + "' for '" + options.command +
                         "'; see 'madoguchi help'"};
    }
  }
  if (options.command == "ask" && options.tenant.empty()) {
    return usage_error{
        "ask needs --tenant ID, for example: madoguchi ask --tenant osaka-pref "
        "セミナーの申し込み方法"};
  }
  return options;
}

}  // namespace madoguchi::app
