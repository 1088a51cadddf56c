// Tests of `madoguchi staff` and `madoguchi backup` (run_staff, run_backup) against a real
// database file: what they write (accounts, sessions, audit rows), exit codes and messages.
#include "backup.hpp"
#include "knowledge_base.hpp"
#include "madoguchi/admin/password.hpp"
#include "staff.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>

namespace madoguchi::app {
namespace {

namespace fs = std::filesystem;

class staff_command_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("madoguchi-staff-test-" + std::to_string(random()));
    config_.sqlite_path = (dir_ / "madoguchi.db").string();  // with the default tenants
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `madoguchi staff ARGS` with `input` on standard input (not a terminal).
  int staff(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv = {"staff"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto parsed = parse_cli(argv);
    EXPECT_TRUE(std::holds_alternative<cli_options>(parsed)) << ::testing::PrintToString(args);
    std::istringstream in(input);
    out_.str("");
    err_.str("");
    return run_staff(std::get<cli_options>(parsed), config_, in, false, out_, err_);
  }

  std::vector<store::audit_record> audit() { return open_database(config_)->audit().query({}); }

  fs::path dir_;
  app_config config_;
  std::ostringstream out_, err_;
};

constexpr const char* passphrase = "a long enough passphrase\n";

TEST_F(staff_command_test, add_hashes_the_password_and_writes_an_audit_row_without_it) {
  ASSERT_EQ(staff({"add", "sato", "--role", "editor", "--tenant", "osaka-pref"}, passphrase), 0)
      << err_.str();
  EXPECT_EQ(out_.str(), "added editor sato for osaka-pref; they can sign in at /admin/\n");
  const auto account = open_database(config_)->staff().find("sato");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->role, store::staff_role::editor);
  EXPECT_EQ(account->tenants, std::vector<std::string>{"osaka-pref"});
  EXPECT_TRUE(admin::verify_password(account->password_hash, "a long enough passphrase"));

  const auto rows = audit();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor, "cli:staff");
  EXPECT_EQ(rows[0].action, "staff.add");
  EXPECT_EQ(rows[0].target, "sato");
  EXPECT_NE(rows[0].after.find("\"osaka-pref\""), std::string::npos);
  EXPECT_EQ(rows[0].after.find("argon2"), std::string::npos);
  EXPECT_EQ(rows[0].after.find("passphrase"), std::string::npos);
}

TEST_F(staff_command_test, add_refuses_what_it_cannot_do_and_writes_nothing) {
  ASSERT_EQ(staff({"add", "kato", "--role", "admin"}, "a long enough passphrase\r\n"), 0);
  EXPECT_EQ(staff({"add", "kato", "--role", "admin"}, passphrase), 1);
  EXPECT_NE(err_.str().find("madoguchi staff passwd kato"), std::string::npos) << err_.str();
  EXPECT_EQ(staff({"add", "abe", "--role", "admin"}, "short\n"), 2);
  EXPECT_NE(err_.str().find("12 to 256"), std::string::npos) << err_.str();
  EXPECT_EQ(staff({"add", "abe", "--role", "admin"}, ""), 2);
  EXPECT_NE(err_.str().find("no password on standard input"), std::string::npos);
  EXPECT_EQ(staff({"add", "Abe", "--role", "admin"}, passphrase), 2);
  EXPECT_NE(err_.str().find("a-z 0-9"), std::string::npos) << err_.str();
  EXPECT_EQ(staff({"add", "abe", "--role", "editor", "--tenant", "atlantis"}, passphrase), 2);
  EXPECT_NE(err_.str().find("unknown tenant 'atlantis'; the tenants are: "), std::string::npos);
  EXPECT_NE(err_.str().find("osaka-pref"), std::string::npos);

  EXPECT_FALSE(open_database(config_)->staff().find("abe"));
  EXPECT_EQ(audit().size(), 1u);  // kato's
  // The first line only: \r\n from a Windows file is one line ending.
  EXPECT_TRUE(admin::verify_password(open_database(config_)->staff().find("kato")->password_hash,
                                     "a long enough passphrase"));
}

TEST_F(staff_command_test, passwd_and_disable_end_the_sessions) {
  ASSERT_EQ(staff({"add", "sato", "--role", "editor", "--tenant", "morioka"}, passphrase), 0);
  const auto add_session = [&](const std::string& token) {
    const auto db = open_database(config_);
    db->staff().add_session({token, db->staff().find("sato")->id, 0, 4'102'444'800, 0});
  };
  const auto has_session = [&](const std::string& token) {
    return open_database(config_)->staff().find_session(token, 1).has_value();
  };
  {
    const auto db = open_database(config_);
    auto locked = *db->staff().find("sato");
    locked.failed_logins = 5;
    locked.locked_until = 4'102'444'800;  // 2100-01-01T00:00:00Z
    db->staff().update(locked);
  }
  add_session("before-passwd");
  EXPECT_EQ(staff({"list"}), 0);
  EXPECT_EQ(out_.str(), "sato\teditor\tmorioka\tlocked until 2100-01-01 09:00 JST\n");

  ASSERT_EQ(staff({"passwd", "sato"}, "a brand new passphrase\n"), 0) << err_.str();
  EXPECT_FALSE(has_session("before-passwd"));
  auto account = open_database(config_)->staff().find("sato");
  EXPECT_TRUE(admin::verify_password(account->password_hash, "a brand new passphrase"));
  EXPECT_EQ(account->locked_until, 0);  // a new password lifts the lock
  EXPECT_EQ(account->failed_logins, 0);

  add_session("before-disable");
  ASSERT_EQ(staff({"disable", "sato"}), 0);
  EXPECT_FALSE(has_session("before-disable"));
  EXPECT_TRUE(open_database(config_)->staff().find("sato")->disabled);

  const auto rows = audit();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].action, "staff.disable");
  EXPECT_NE(rows[0].before.find("\"disabled\":false"), std::string::npos);
  EXPECT_NE(rows[0].after.find("\"disabled\":true"), std::string::npos);
  EXPECT_EQ(rows[1].action, "staff.password");
  EXPECT_EQ(rows[1].before + rows[1].after, "");

  EXPECT_EQ(staff({"passwd", "nobody"}, passphrase), 1);
  EXPECT_EQ(staff({"disable", "nobody"}), 1);
  EXPECT_NE(err_.str().find("madoguchi staff list"), std::string::npos);
  EXPECT_EQ(audit().size(), 3u);
}

TEST_F(staff_command_test, list_never_shows_a_hash) {
  EXPECT_EQ(staff({"list"}), 0);
  EXPECT_NE(out_.str().find("madoguchi staff add USER --role admin"), std::string::npos);
  ASSERT_EQ(staff({"add", "kato", "--role", "admin"}, passphrase), 0);
  EXPECT_EQ(staff({"list"}), 0);
  EXPECT_EQ(out_.str(), "kato\tadmin\t(every tenant)\tactive\n");
  EXPECT_EQ(staff({"list", "--json"}), 0);
  EXPECT_EQ(out_.str(),
            "{\"disabled\":false,\"locked_until\":0,\"locked_until_jst\":null,\"role\":\"admin\","
            "\"tenants\":[],\"username\":\"kato\"}\n");
}

TEST_F(staff_command_test, backup_writes_a_new_file_and_refuses_an_existing_one) {
  ASSERT_EQ(staff({"add", "kato", "--role", "admin"}, passphrase), 0);
  cli_options options;
  options.command = "backup";
  options.file = (dir_ / "backups" / "copy.db").string();
  std::ostringstream out;
  EXPECT_EQ(run_backup(options, config_, out), 0);
  EXPECT_NE(out.str().find("wrote a backup of " + config_.sqlite_path + " to " + options.file),
            std::string::npos)
      << out.str();
  app_config restored = config_;
  restored.sqlite_path = options.file;
  restored.seed_default = false;
  EXPECT_TRUE(open_database(restored)->staff().find("kato"));
  EXPECT_EQ(open_database(restored)->knowledge().published_entries(),
            open_database(config_)->knowledge().published_entries());
  EXPECT_THROW(run_backup(options, config_, out), std::runtime_error);
}

}  // namespace
}  // namespace madoguchi::app
