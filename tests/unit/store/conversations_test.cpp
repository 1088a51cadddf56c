// Tests of the conversations repository on a real SQLite file: round trip, durability across a
// reopen, the staff list and forgetting idle threads.
#include "sqlite_file_test.hpp"

namespace madoguchi::store {
namespace {

using conversations_test = sqlite_file_test;

conversation thread(std::string sender, bool with_staff, std::int64_t updated_at) {
  return {"osaka-pref",        "messenger",         std::move(sender),
          R"({"offered":[]})", with_staff,          with_staff ? "asked" : "",
          updated_at,          with_staff ? 100 : 0};
}

TEST_F(conversations_test, a_saved_conversation_survives_a_reopen) {
  const conversation saved = thread("PSID-1", true, 1700000000);
  open()->conversations().save(saved);
  const auto db = open();
  EXPECT_EQ(db->conversations().find("osaka-pref", "messenger", "PSID-1"), saved);
  EXPECT_EQ(db->conversations().find("osaka-pref", "instagram", "PSID-1"), std::nullopt);
  EXPECT_EQ(db->conversations().find("morioka", "messenger", "PSID-1"), std::nullopt);
}

TEST_F(conversations_test, saving_again_replaces_the_row) {
  const auto db = open();
  db->conversations().save(thread("PSID-1", true, 10));
  db->conversations().save(thread("PSID-1", false, 20));
  const auto found = db->conversations().find("osaka-pref", "messenger", "PSID-1");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->with_staff);
  EXPECT_EQ(found->updated_at, 20);
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM conversations"), "1");
}

TEST_F(conversations_test, with_staff_lists_handed_over_threads_most_recent_first) {
  const auto db = open();
  db->conversations().save(thread("PSID-old", true, 10));
  db->conversations().save(thread("PSID-bot", false, 30));
  db->conversations().save(thread("PSID-new", true, 20));
  conversation other = thread("PSID-other", true, 40);
  other.tenant = "morioka";
  db->conversations().save(other);

  const auto osaka = db->conversations().with_staff("osaka-pref");
  ASSERT_EQ(osaka.size(), 2u);
  EXPECT_EQ(osaka[0].sender, "PSID-new");
  EXPECT_EQ(osaka[1].sender, "PSID-old");
  EXPECT_EQ(db->conversations().with_staff("").size(), 3u);
}

TEST_F(conversations_test, forget_idle_keeps_recent_threads_and_those_staff_own) {
  const auto db = open();
  db->conversations().save(thread("PSID-idle", false, 10));
  db->conversations().save(thread("PSID-recent", false, 100));
  db->conversations().save(thread("PSID-staff", true, 10));
  EXPECT_EQ(db->conversations().forget_idle(50), 1u);
  EXPECT_FALSE(db->conversations().find("osaka-pref", "messenger", "PSID-idle"));
  EXPECT_TRUE(db->conversations().find("osaka-pref", "messenger", "PSID-recent"));
  EXPECT_TRUE(db->conversations().find("osaka-pref", "messenger", "PSID-staff"));
}

TEST_F(conversations_test, a_database_of_schema_1_gains_the_table_and_keeps_its_journal) {
  {
    const auto db = open();
    ASSERT_TRUE(db->inbound().append({{"line", "01H-event", "osaka-pref", "{}"}}));
  }
  {
    // What a database written by the release with schema 1 looks like.
    downgrade_to_schema_2(path());
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "DROP TABLE conversations; PRAGMA user_version = 1", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  const auto db = open();
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
  EXPECT_EQ(db->inbound().pending().size(), 1u);
  db->conversations().save(thread("PSID-1", false, 1));
  EXPECT_TRUE(db->conversations().find("osaka-pref", "messenger", "PSID-1"));
}

}  // namespace
}  // namespace madoguchi::store
