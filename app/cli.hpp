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
  // "serve", "ask", "eval", "kb", "messenger-profile", "handovers", "staff", "backup", "help",
  // "version"
  std::string command;
  std::optional<std::string> config;  // --config FILE
  // ask
  std::string tenant;              // --tenant ID (also kb, messenger-profile, handovers)
  bool json = false;               // --json (also handovers)
  bool explain = false;            // --explain (ask)
  std::size_t top = 5;             // --top N
  std::vector<std::string> words;  // TEXT (joined with spaces)
  // eval
  std::string file;  // FILE.tsv (FILE.csv for kb import, the new database file for backup)
  // kb
  std::string kb_action;  // "import", "export"
  bool replace = false;   // --replace (import)
  std::string format;     // --format csv|json (export)
  // messenger-profile
  bool dry_run = false;  // --dry-run: say what would be sent or imported, change nothing
  // staff (never a password: that comes from standard input)
  std::string staff_action;          // "add", "passwd", "list", "disable"
  std::string username;              // USER (add, passwd, disable)
  std::string role;                  // --role admin|editor (add)
  std::vector<std::string> tenants;  // --tenant ID, repeatable (add, editors only)
};

struct usage_error {
  std::string message;  // says what is wrong and what to type instead
};

std::variant<cli_options, usage_error> parse_cli(const std::vector<std::string>& args);

// The text of `madoguchi help`.
const char* usage_text();

}  // namespace madoguchi::app
