// Command-line parsing.
#include "cli.hpp"

#include "config.hpp"

#include <charconv>

namespace madoguchi::app {

const char* usage_text() {
  return R"(madoguchi — a chatbot for a municipality's Messenger, Instagram and LINE accounts

usage:
  madoguchi serve [--config FILE]
      Run the webhook server (default 127.0.0.1:8080, database var/madoguchi.db).
  madoguchi ask --tenant ID [--json] [--top N] [--explain] [--config FILE] [TEXT]
      Answer TEXT as the bot would for tenant ID, or each line of standard input when TEXT is
      absent. --json prints one JSON object per question; --top N reports N candidates (default 5);
      --explain shows why the first three scored as they did: each word of the question, its
      weight, the fields of the entry that hold it and what it added, and the confidence's inputs.
  madoguchi eval [--config FILE] FILE.tsv
      Score the bot on labelled questions (tenant<TAB>question<TAB>expected id, or - for a
      question it should not answer) and print the rates and every miss.
  madoguchi kb import --tenant ID [--replace] [--dry-run] [--config FILE] FILE.csv
      Publish the entries of FILE.csv (UTF-8, a header row naming the columns id, title,
      questions, answer, links, keywords, valid_from, valid_until, event_start, event_end,
      apply_until) for tenant ID; --replace also retires the tenant's entries that the file does
      not list; --dry-run lists what would be added, updated and retired, and changes nothing.
  madoguchi kb export --tenant ID --format csv|json [--config FILE]
      Print tenant ID's published entries as CSV (the import format) or JSON.
  madoguchi messenger-profile --tenant ID [--dry-run] [--config FILE]
      Set the tenant's Facebook Page's Get Started button, greeting and persistent menu through
      the Messenger Profile API (needs MADOGUCHI_PAGE_TOKEN_<TENANT>); --dry-run prints the
      request body and sends nothing.
  madoguchi handovers [--tenant ID] [--json] [--config FILE]
      List the conversations handed over to staff (most recent first): channel, person (the
      end of their platform id), why, and when staff last acted. The bot stays silent in them.
  madoguchi staff add USER --role admin|editor [--tenant ID]... [--config FILE]
      Add a staff account for the web page (/admin/). The password is read from standard input
      (the first line), or typed twice at a prompt on a terminal; never give it as an argument.
      Editors edit the tenants given with --tenant (at least one); admins edit every tenant and
      take no --tenant.
  madoguchi staff passwd USER [--config FILE]
      Set a new password (read as for add) and sign the account out everywhere.
  madoguchi staff list [--json] [--config FILE]
      List the accounts: username, role, tenants, and whether disabled or locked (JST).
  madoguchi staff disable USER [--config FILE]
      Disable the account and sign it out everywhere.
  madoguchi staff enable USER [--config FILE]
      Let a disabled account sign in again with its password. Every staff change is in the audit
      log.
  madoguchi backup [--config FILE] FILE
      Copy the whole database to the new file FILE (an existing file is never overwritten)
      while the server keeps running.
  madoguchi help | version

Secrets come from the environment: MADOGUCHI_META_APP_SECRET, MADOGUCHI_META_VERIFY_TOKEN,
MADOGUCHI_PAGE_TOKEN_<TENANT>, MADOGUCHI_LINE_CHANNEL_SECRET_<TENANT>,
MADOGUCHI_LINE_ACCESS_TOKEN_<TENANT>. See madoguchi.example.toml for every configuration key.
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
  if (options.command != "serve" && options.command != "ask" && options.command != "eval" &&
      options.command != "kb" && options.command != "messenger-profile" &&
      options.command != "handovers" && options.command != "staff" && options.command != "backup" &&
      options.command != "help" && options.command != "version") {
    return usage_error{"unknown command '" + options.command +
                       "'; the commands are serve, ask, eval, kb, messenger-profile, handovers, "
                       "staff, backup, help and version"};
  }
  std::size_t first_option = 1;
  if (options.command == "kb") {
    if (args.size() < 2 || (args[1] != "import" && args[1] != "export")) {
      return usage_error{
          "kb needs import or export: madoguchi kb import --tenant ID FILE.csv, or madoguchi kb "
          "export --tenant ID --format csv"};
    }
    options.kb_action = args[1];
    first_option = 2;
  }
  if (options.command == "staff") {
    if (args.size() < 2 || (args[1] != "add" && args[1] != "passwd" && args[1] != "list" &&
                            args[1] != "disable" && args[1] != "enable")) {
      return usage_error{
          "staff needs add, passwd, list, disable or enable: madoguchi staff add sato --role "
          "editor "
          "--tenant osaka-pref, or madoguchi staff list"};
    }
    options.staff_action = args[1];
    first_option = 2;
  }
  const bool takes_username = options.staff_action == "add" || options.staff_action == "passwd" ||
                              options.staff_action == "disable" || options.staff_action == "enable";

  const auto value_of = [&](std::size_t& i) -> std::optional<std::string> {
    if (i + 1 >= args.size()) {
      return std::nullopt;
    }
    return args[++i];
  };
  bool only_words = false;
  for (std::size_t i = first_option; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_words || arg.empty() || arg[0] != '-' || arg == "-") {
      if ((options.command == "eval" || options.kb_action == "import" ||
           options.command == "backup") &&
          options.file.empty()) {
        options.file = arg;
        continue;
      }
      if (takes_username && options.username.empty()) {
        options.username = arg;
        continue;
      }
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
    } else if (arg == "--tenant" &&
               (options.command == "ask" || options.command == "kb" ||
                options.command == "messenger-profile" || options.command == "handovers")) {
      const auto tenant = value_of(i);
      if (!tenant) {
        return usage_error{"--tenant needs a tenant id: --tenant osaka-pref"};
      }
      options.tenant = *tenant;
    } else if (arg == "--tenant" && options.staff_action == "add") {
      const auto tenant = value_of(i);
      if (!tenant) {
        return usage_error{"--tenant needs a tenant id: --tenant osaka-pref"};
      }
      options.tenants.push_back(*tenant);
    } else if (arg == "--role" && options.staff_action == "add") {
      const auto role = value_of(i);
      if (!role || (*role != "admin" && *role != "editor")) {
        return usage_error{"--role needs admin or editor: --role editor"};
      }
      options.role = *role;
    } else if (arg == "--json" && (options.command == "ask" || options.command == "handovers" ||
                                   options.staff_action == "list")) {
      options.json = true;
    } else if (arg == "--explain" && options.command == "ask") {
      options.explain = true;
    } else if (arg == "--top" && options.command == "ask") {
      const auto text = value_of(i);
      std::size_t top = 0;
      const char* end = text ? text->data() + text->size() : nullptr;
      if (!text || text->empty() || std::from_chars(text->data(), end, top).ptr != end ||
          top == 0 || top > 100) {
        return usage_error{"--top needs a number from 1 to 100: --top 3"};
      }
      options.top = top;
    } else if (arg == "--dry-run" &&
               (options.command == "messenger-profile" || options.kb_action == "import")) {
      options.dry_run = true;
    } else if (arg == "--replace" && options.kb_action == "import") {
      options.replace = true;
    } else if (arg == "--format" && options.kb_action == "export") {
      const auto format = value_of(i);
      if (!format || (*format != "csv" && *format != "json")) {
        return usage_error{"--format needs csv or json: --format csv"};
      }
      options.format = *format;
    } else {
      return usage_error{"unknown option '" + arg + "' for '" + options.command +
                         "'; see 'madoguchi help'"};
    }
  }
  if (options.command == "eval" && options.file.empty()) {
    return usage_error{"eval needs a file of labelled questions: madoguchi eval dev.tsv"};
  }
  if (options.command == "kb" && !valid_tenant_id(options.tenant)) {
    return usage_error{"kb " + options.kb_action +
                       " needs --tenant ID, 1–64 characters of a–z, 0–9 and '-': --tenant "
                       "amagasaki"};
  }
  if (options.kb_action == "import" && options.file.empty()) {
    return usage_error{"kb import needs the CSV file: madoguchi kb import --tenant ID faq.csv"};
  }
  if (options.kb_action == "export" && options.format.empty()) {
    return usage_error{"kb export needs --format csv or --format json"};
  }
  if (options.command == "messenger-profile" && !valid_tenant_id(options.tenant)) {
    return usage_error{
        "messenger-profile needs --tenant ID, 1–64 characters of a–z, 0–9 and '-': madoguchi "
        "messenger-profile --tenant osaka-pref"};
  }
  if (takes_username && options.username.empty()) {
    return usage_error{"staff " + options.staff_action + " needs the username: madoguchi staff " +
                       options.staff_action + " sato" +
                       (options.staff_action == "add" ? " --role editor --tenant osaka-pref" : "")};
  }
  if (options.staff_action == "add" && options.role.empty()) {
    return usage_error{"staff add needs --role admin or --role editor"};
  }
  if (options.role == "editor" && options.tenants.empty()) {
    return usage_error{
        "an editor needs at least one --tenant ID, the tenant they edit: madoguchi staff add " +
        options.username + " --role editor --tenant osaka-pref"};
  }
  if (options.role == "admin" && !options.tenants.empty()) {
    return usage_error{
        "an admin edits every tenant and takes no --tenant; leave it out, or use "
        "--role editor"};
  }
  if (options.command == "backup" && options.file.empty()) {
    return usage_error{
        "backup needs the new file to write: madoguchi backup backups/madoguchi-2026-12-01.db"};
  }
  if (options.command == "ask" && options.tenant.empty()) {
    return usage_error{
        "ask needs --tenant ID, for example: madoguchi ask --tenant osaka-pref "
        "セミナーの申し込み方法"};
  }
  return options;
}

}  // namespace madoguchi::app
