// Tests of app::parse_cli: commands, options, words, and usage errors.
#include "cli.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace madoguchi::app {
namespace {

cli_options parsed(const std::vector<std::string>& args) {
  auto result = parse_cli(args);
  if (const auto* error = std::get_if<usage_error>(&result)) {
    ADD_FAILURE() << "usage error: " << error->message;
    return {};
  }
  return std::get<cli_options>(result);
}

std::string error_of(const std::vector<std::string>& args) {
  auto result = parse_cli(args);
  if (const auto* error = std::get_if<usage_error>(&result)) {
    EXPECT_FALSE(error->message.empty());
    return error->message;
  }
  ADD_FAILURE() << "accepted: " << ::testing::PrintToString(args);
  return {};
}

TEST(cli_test, serve_with_and_without_a_config) {
  const cli_options plain = parsed({"serve"});
  EXPECT_EQ(plain.command, "serve");
  EXPECT_FALSE(plain.config.has_value());

  const cli_options configured = parsed({"serve", "--config", "/etc/madoguchi.toml"});
  EXPECT_EQ(configured.command, "serve");
  EXPECT_EQ(configured.config, "/etc/madoguchi.toml");
}

TEST(cli_test, ask_with_every_option) {
  const cli_options o = parsed({"ask", "--config", "m.toml", "--tenant", "osaka-pref", "--json",
                                "--top", "3", "セミナーの", "申し込み"});
  EXPECT_EQ(o.command, "ask");
  EXPECT_EQ(o.config, "m.toml");
  EXPECT_EQ(o.tenant, "osaka-pref");
  EXPECT_TRUE(o.json);
  EXPECT_EQ(o.top, 3u);
  EXPECT_EQ(o.words, (std::vector<std::string>{"セミナーの", "申し込み"}));
}

TEST(cli_test, handovers_with_and_without_options) {
  const cli_options all = parsed({"handovers"});
  EXPECT_EQ(all.command, "handovers");
  EXPECT_EQ(all.tenant, "");
  EXPECT_FALSE(all.json);
  const cli_options one = parsed({"handovers", "--tenant", "osaka-pref", "--json"});
  EXPECT_EQ(one.tenant, "osaka-pref");
  EXPECT_TRUE(one.json);
  EXPECT_NE(error_of({"handovers", "--top", "3"}).find("--top"), std::string::npos);
  EXPECT_NE(error_of({"handovers", "osaka-pref"}).find("osaka-pref"), std::string::npos);
}

TEST(cli_test, ask_defaults) {
  const cli_options o = parsed({"ask", "--tenant", "morioka"});
  EXPECT_FALSE(o.json);
  EXPECT_EQ(o.top, 5u);
  EXPECT_TRUE(o.words.empty());  // questions come from standard input
}

TEST(cli_test, words_and_options_may_be_mixed) {
  const cli_options o = parsed({"ask", "セミナー", "--tenant", "morioka", "申込", "--top", "100"});
  EXPECT_EQ(o.tenant, "morioka");
  EXPECT_EQ(o.top, 100u);
  EXPECT_EQ(o.words, (std::vector<std::string>{"セミナー", "申込"}));
}

TEST(cli_test, double_dash_ends_the_options) {
  const cli_options o = parsed({"ask", "--tenant", "morioka", "--", "--json", "-h", "--top"});
  EXPECT_FALSE(o.json);
  EXPECT_EQ(o.command, "ask");
  EXPECT_EQ(o.words, (std::vector<std::string>{"--json", "-h", "--top"}));
}

TEST(cli_test, a_lone_dash_and_an_empty_argument_are_words) {
  const cli_options o = parsed({"ask", "--tenant", "morioka", "-", ""});
  EXPECT_EQ(o.words, (std::vector<std::string>{"-", ""}));
}

TEST(cli_test, help_and_version) {
  for (const char* help : {"help", "--help", "-h"}) {
    EXPECT_EQ(parsed({help}).command, "help") << help;
  }
  EXPECT_EQ(parsed({"serve", "--help"}).command, "help");
  EXPECT_EQ(parsed({"ask", "-h"}).command, "help");
  EXPECT_EQ(parsed({"version"}).command, "version");
  EXPECT_EQ(parsed({"--version"}).command, "version");
  const std::string usage = usage_text();
  EXPECT_NE(usage.find("madoguchi serve"), std::string::npos);
  EXPECT_NE(usage.find("madoguchi ask --tenant"), std::string::npos);
}

TEST(cli_test, no_command) {
  EXPECT_NE(error_of({}).find("help"), std::string::npos);
}

TEST(cli_test, unknown_command) {
  EXPECT_NE(error_of({"srve"}).find("unknown command 'srve'"), std::string::npos);
  EXPECT_NE(error_of({"--tenant"}).find("unknown command"), std::string::npos);
}

TEST(cli_test, ask_needs_a_tenant) {
  EXPECT_NE(error_of({"ask", "セミナー"}).find("--tenant"), std::string::npos);
  EXPECT_NE(error_of({"ask", "--tenant"}).find("--tenant"), std::string::npos);
}

TEST(cli_test, top_must_be_from_1_to_100) {
  for (const char* top : {"0", "101", "-1", "abc", ""}) {
    EXPECT_NE(error_of({"ask", "--tenant", "x", "--top", top}).find("--top"), std::string::npos)
        << top;
  }
  EXPECT_NE(error_of({"ask", "--tenant", "x", "--top"}).find("--top"), std::string::npos);
}

// Regression: std::from_chars stops at the first non-digit, so "--top 3x" once parsed as 3.
TEST(cli_test, top_rejects_trailing_garbage) {
  EXPECT_NE(error_of({"ask", "--tenant", "x", "--top", "3x"}).find("--top"), std::string::npos);
}

TEST(cli_test, unknown_options_are_refused) {
  EXPECT_NE(error_of({"ask", "--tenant", "x", "--verbose"}).find("unknown option '--verbose'"),
            std::string::npos);
  // Options of ask mean nothing to serve.
  EXPECT_NE(error_of({"serve", "--json"}).find("unknown option '--json'"), std::string::npos);
  EXPECT_NE(error_of({"serve", "--tenant", "x"}).find("unknown option"), std::string::npos);
  EXPECT_NE(error_of({"serve", "--config"}).find("--config"), std::string::npos);
}

TEST(cli_test, only_ask_takes_words) {
  EXPECT_NE(error_of({"serve", "now"}).find("'now'"), std::string::npos);
  EXPECT_NE(error_of({"version", "2"}).find("'2'"), std::string::npos);
}

TEST(cli_test, kb_import_with_every_option) {
  const cli_options o = parsed(
      {"kb", "import", "--config", "m.toml", "--tenant", "amagasaki", "--replace", "faq.csv"});
  EXPECT_EQ(o.command, "kb");
  EXPECT_EQ(o.kb_action, "import");
  EXPECT_EQ(o.config, "m.toml");
  EXPECT_EQ(o.tenant, "amagasaki");
  EXPECT_TRUE(o.replace);
  EXPECT_EQ(o.file, "faq.csv");
  EXPECT_FALSE(parsed({"kb", "import", "faq.csv", "--tenant", "a"}).replace);
}

TEST(cli_test, kb_export_takes_a_format) {
  for (const char* format : {"csv", "json"}) {
    const cli_options o = parsed({"kb", "export", "--tenant", "amagasaki", "--format", format});
    EXPECT_EQ(o.kb_action, "export");
    EXPECT_EQ(o.format, format);
  }
  EXPECT_NE(error_of({"kb", "export", "--tenant", "a"}).find("--format csv"), std::string::npos);
  EXPECT_NE(error_of({"kb", "export", "--tenant", "a", "--format", "xml"}).find("csv or json"),
            std::string::npos);
}

TEST(cli_test, kb_usage_errors_say_what_to_type) {
  EXPECT_NE(error_of({"kb"}).find("import or export"), std::string::npos);
  EXPECT_NE(error_of({"kb", "load", "faq.csv"}).find("import or export"), std::string::npos);
  EXPECT_NE(error_of({"kb", "import", "faq.csv"}).find("--tenant"), std::string::npos);
  EXPECT_NE(error_of({"kb", "import", "--tenant", "Amagasaki City", "faq.csv"}).find("a–z"),
            std::string::npos);
  EXPECT_NE(error_of({"kb", "import", "--tenant", "a"}).find("CSV file"), std::string::npos);
  EXPECT_NE(error_of({"kb", "import", "--tenant", "a", "x.csv", "y.csv"}).find("'y.csv'"),
            std::string::npos);
  // Options of one action mean nothing to the other.
  EXPECT_NE(error_of({"kb", "export", "--tenant", "a", "--format", "csv", "--replace"})
                .find("unknown option '--replace'"),
            std::string::npos);
  EXPECT_NE(error_of({"kb", "export", "--tenant", "a", "--format", "csv", "x.csv"}).find("'x.csv'"),
            std::string::npos);
}

TEST(cli_test, staff_add_with_tenants_and_a_role) {
  const cli_options o = parsed({"staff", "add", "sato", "--role", "editor", "--tenant",
                                "osaka-pref", "--tenant", "morioka", "--config", "m.toml"});
  EXPECT_EQ(o.command, "staff");
  EXPECT_EQ(o.staff_action, "add");
  EXPECT_EQ(o.username, "sato");
  EXPECT_EQ(o.role, "editor");
  EXPECT_EQ(o.tenants, (std::vector<std::string>{"osaka-pref", "morioka"}));
  EXPECT_EQ(o.config, "m.toml");
  const cli_options admin = parsed({"staff", "add", "--role", "admin", "kato"});
  EXPECT_EQ(admin.username, "kato");
  EXPECT_EQ(admin.role, "admin");
  EXPECT_TRUE(admin.tenants.empty());
}

TEST(cli_test, staff_passwd_list_and_disable) {
  EXPECT_EQ(parsed({"staff", "passwd", "sato"}).username, "sato");
  EXPECT_EQ(parsed({"staff", "disable", "sato"}).staff_action, "disable");
  const cli_options list = parsed({"staff", "list", "--json"});
  EXPECT_EQ(list.staff_action, "list");
  EXPECT_TRUE(list.json);
  EXPECT_FALSE(parsed({"staff", "list"}).json);
}

TEST(cli_test, staff_usage_errors_say_what_to_type) {
  EXPECT_NE(error_of({"staff"}).find("add, passwd, list, disable or enable"), std::string::npos);
  EXPECT_NE(error_of({"staff", "remove", "sato"}).find("add, passwd, list, disable or enable"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "--role", "editor", "--tenant", "a"}).find("username"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "passwd"}).find("madoguchi staff passwd sato"), std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "sato"}).find("--role"), std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "sato", "--role", "boss"}).find("admin or editor"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "sato", "--role", "editor"}).find("at least one --tenant"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "sato", "--role", "admin", "--tenant", "a"})
                .find("takes no --tenant"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "sato", "--role", "editor", "--tenant"}).find("--tenant"),
            std::string::npos);
  // Never a password on the command line, and options of one action mean nothing to another.
  EXPECT_NE(error_of({"staff", "add", "sato", "--role", "admin", "--password", "x"})
                .find("unknown option '--password'"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "add", "sato", "hunter2hunter2", "--role", "admin"})
                .find("takes no argument"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "passwd", "sato", "--role", "admin"}).find("unknown option"),
            std::string::npos);
  EXPECT_NE(error_of({"staff", "list", "sato"}).find("'sato'"), std::string::npos);
  EXPECT_NE(error_of({"staff", "disable", "sato", "--json"}).find("unknown option"),
            std::string::npos);
}

TEST(cli_test, backup_takes_one_new_file) {
  const cli_options o = parsed({"backup", "--config", "m.toml", "backups/copy.db"});
  EXPECT_EQ(o.command, "backup");
  EXPECT_EQ(o.file, "backups/copy.db");
  EXPECT_NE(error_of({"backup"}).find("backup needs the new file"), std::string::npos);
  EXPECT_NE(error_of({"backup", "a.db", "b.db"}).find("'b.db'"), std::string::npos);
  EXPECT_NE(error_of({"backup", "--tenant", "x", "a.db"}).find("unknown option"),
            std::string::npos);
}

TEST(cli_test, help_lists_the_staff_and_backup_commands) {
  const std::string usage = usage_text();
  EXPECT_NE(usage.find("madoguchi staff add USER --role admin|editor"), std::string::npos);
  EXPECT_NE(usage.find("madoguchi staff passwd USER"), std::string::npos);
  EXPECT_NE(usage.find("madoguchi staff list"), std::string::npos);
  EXPECT_NE(usage.find("madoguchi staff disable USER"), std::string::npos);
  EXPECT_NE(usage.find("madoguchi staff enable USER"), std::string::npos);
  EXPECT_NE(usage.find("madoguchi backup"), std::string::npos);
  EXPECT_NE(error_of({"srve"}).find("staff, backup"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::app
