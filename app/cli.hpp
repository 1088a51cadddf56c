// File: cli.hpp
//
// Command-line parsing for `madoguchi <command> [options]`. Pure: argv in, options or a usage
// error out.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace madoguchi::app {

struct cli_options {
  std::string command;                // "serve", "ask", "help", "version"
  std::optional<std::string> config;  // --config FILE
  // ask
  std::string tenant;              // --tenant ID
  bool json = false;               // --json
  std::size_t top = 5;             // --top N
  std::vector<std::string> words;  // TEXT (joined with spaces)
};

struct usage_error {
  std::string message;  // says what is wrong and what to type instead
};

std::variant<cli_options, usage_error> parse_cli(const std::vector<std::string>& args);

// The text of `madoguchi help`.
const char* usage_text();

}  // namespace madoguchi::app
