// Tests of store::staff_directory on a real SQLite file: accounts with their tenants, updates,
// and sign-in sessions with expiry.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::store {
namespace {

class staff_test : public sqlite_file_test {
 protected:
  void SetUp() override {
    sqlite_file_test::SetUp();
    db_ = open();
    for (const char* id : {"morioka", "osaka-pref", "yokote"}) {
      db_->knowledge().ensure_tenant({id, id});
    }
  }
  std::unique_ptr<database> db_;
};

staff_account editor(std::string username, std::vector<std::string> tenants) {
  staff_account account;
  account.username = std::move(username);
  account.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  account.role = staff_role::editor;
  account.tenants = std::move(tenants);
  return account;
}

TEST_F(staff_test, add_then_find_by_name_and_id) {
  staff_account sato = editor("sato", {"yokote", "morioka"});
  ASSERT_TRUE(db_->staff().add(sato));
  EXPECT_GT(sato.id, 0);
  EXPECT_EQ(sato.created_at.size(), 24u);  // 2026-12-01T03:04:05.678Z
  EXPECT_EQ(sato.tenants, (std::vector<std::string>{"morioka", "yokote"}));  // sorted

  const auto by_name = db_->staff().find("sato");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(*by_name, sato);
  EXPECT_EQ(db_->staff().find(sato.id), by_name);
  EXPECT_FALSE(db_->staff().find("suzuki"));
  EXPECT_FALSE(db_->staff().find(sato.id + 100));
}

TEST_F(staff_test, a_taken_username_is_refused) {
  staff_account first = editor("sato", {"morioka"});
  ASSERT_TRUE(db_->staff().add(first));
  staff_account second = editor("sato", {"yokote"});
  EXPECT_FALSE(db_->staff().add(second));
  EXPECT_EQ(second.id, 0);
  EXPECT_EQ(db_->staff().find("sato")->tenants, std::vector<std::string>{"morioka"});
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM staff_tenants"), "1");
}

TEST_F(staff_test, list_is_ordered_by_username) {
  for (const char* name : {"tanaka", "abe", "sato"}) {
    staff_account account = editor(name, {"morioka"});
    ASSERT_TRUE(db_->staff().add(account));
  }
  staff_account admin;
  admin.username = "kato";
  admin.password_hash = "$argon2id$admin";
  admin.role = staff_role::admin;
  ASSERT_TRUE(db_->staff().add(admin));
  std::vector<std::string> names;
  for (const staff_account& account : db_->staff().list()) {
    names.push_back(account.username);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"abe", "kato", "sato", "tanaka"}));
  EXPECT_EQ(db_->staff().find("kato")->role, staff_role::admin);
  EXPECT_TRUE(db_->staff().find("kato")->tenants.empty());
}

TEST_F(staff_test, update_replaces_the_fields_and_the_tenants) {
  staff_account sato = editor("sato", {"morioka", "yokote"});
  ASSERT_TRUE(db_->staff().add(sato));
  staff_account changed = sato;
  changed.password_hash = "$argon2id$new";
  changed.role = staff_role::admin;
  changed.tenants = {"osaka-pref"};
  changed.disabled = true;
  changed.failed_logins = 5;
  changed.locked_until = 1'900'000'000;
  ASSERT_TRUE(db_->staff().update(changed));
  EXPECT_EQ(db_->staff().find("sato"), changed);

  staff_account nobody = changed;
  nobody.id = sato.id + 100;
  EXPECT_FALSE(db_->staff().update(nobody));
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM staff_tenants"), "1");
}

TEST_F(staff_test, sessions_are_found_until_they_expire) {
  staff_account sato = editor("sato", {"morioka"});
  ASSERT_TRUE(db_->staff().add(sato));
  staff_directory& staff = db_->staff();
  const staff_session session{"aa11", sato.id, 1000, 2000, 1000};
  staff.add_session(session);
  EXPECT_EQ(staff.find_session("aa11", 1999), session);
  EXPECT_FALSE(staff.find_session("aa11", 2000));  // expired at expires_at
  EXPECT_FALSE(staff.find_session("bb22", 1500));

  staff.touch_session("aa11", 1500);
  EXPECT_EQ(staff.find_session("aa11", 1600)->last_seen, 1500);

  staff.remove_session("aa11");
  EXPECT_FALSE(staff.find_session("aa11", 1500));
}

TEST_F(staff_test, sessions_end_per_account_and_when_expired) {
  staff_account sato = editor("sato", {"morioka"});
  staff_account abe = editor("abe", {"yokote"});
  ASSERT_TRUE(db_->staff().add(sato));
  ASSERT_TRUE(db_->staff().add(abe));
  staff_directory& staff = db_->staff();
  staff.add_session({"s1", sato.id, 0, 100, 0});
  staff.add_session({"s2", sato.id, 0, 300, 0});
  staff.add_session({"a1", abe.id, 0, 100, 0});
  staff.add_session({"a2", abe.id, 0, 300, 60});
  staff.add_session({"a3", abe.id, 0, 300, 40});

  staff.remove_sessions_of(sato.id);
  EXPECT_FALSE(staff.find_session("s2", 50));
  EXPECT_TRUE(staff.find_session("a1", 50));

  // a1 reached its absolute limit; a3 was idle since 40.
  EXPECT_EQ(staff.remove_expired_sessions(100, 50), 2u);
  EXPECT_FALSE(staff.find_session("a1", 50));
  EXPECT_FALSE(staff.find_session("a3", 50));
  EXPECT_TRUE(staff.find_session("a2", 50));
  EXPECT_EQ(inspector(path()).text("SELECT group_concat(token_hash) FROM staff_sessions"), "a2");
}

TEST_F(staff_test, role_names) {
  EXPECT_EQ(to_string(staff_role::editor), "editor");
  EXPECT_EQ(to_string(staff_role::admin), "admin");
  EXPECT_EQ(parse_staff_role("admin"), staff_role::admin);
  EXPECT_EQ(parse_staff_role("editor"), staff_role::editor);
  EXPECT_FALSE(parse_staff_role("Admin"));
  EXPECT_FALSE(parse_staff_role(""));
  EXPECT_EQ(to_string(entry_status::draft), "draft");
  EXPECT_EQ(to_string(entry_status::published), "published");
  EXPECT_EQ(to_string(entry_status::retired), "retired");
}

}  // namespace
}  // namespace madoguchi::store
