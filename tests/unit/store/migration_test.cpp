// Tests of the migrations on databases earlier releases wrote: migration 3 (staff tools) keeps
// entries, versions and journal, published entries stay published, retired ones become retired;
// migration 6 gives the versions an empty registration deadline (apply_until); migration 7 keeps
// the unanswered questions open (none dismissed); migration 8 marks the live and imported
// versions as published.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::store {
namespace {

using migration_test = sqlite_file_test;

knowledge::entry faq(std::string id, std::string answer) {
  knowledge::entry e;
  e.tenant = "amagasaki";
  e.id = std::move(id);
  e.title = "title of " + e.id;
  e.answer = std::move(answer);
  return e;
}

TEST_F(migration_test, a_schema_2_database_keeps_its_data_and_gains_the_staff_tables) {
  const knowledge::tenant amagasaki{"amagasaki", "尼崎市"};
  {
    const auto db = open();
    db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("2", "b")}, false, "import");
    db->knowledge().import_entries(amagasaki, {faq("1", "A")}, true, "import");  // 2 retired
    ASSERT_TRUE(db->inbound().append({{"line", "01H-event", "amagasaki", "{}"}}));
    db->conversations().save({"amagasaki", "line", "U1", "{}", true, "asked", 10, 5});
  }
  downgrade_to_schema_2(path());
  ASSERT_EQ(inspector(path()).text("PRAGMA user_version"), "2");

  const auto db = open();
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
  EXPECT_EQ(db->knowledge().published_entries(), std::vector{faq("1", "A")});
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM entry_versions"), "3");
  EXPECT_EQ(db->inbound().pending().size(), 1u);
  EXPECT_EQ(db->conversations().with_staff("").size(), 1u);

  const auto records = db->editorial().entries("amagasaki");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].status, entry_status::published);
  EXPECT_EQ(records[0].published_version, 2);
  EXPECT_FALSE(records[0].draft_version);
  EXPECT_EQ(records[0].content, faq("1", "A"));
  EXPECT_EQ(records[1].status, entry_status::retired);
  EXPECT_FALSE(records[1].draft_version);
  EXPECT_EQ(records[1].content, faq("2", "b"));

  // The new tables work.
  staff_account account;
  account.username = "sato";
  account.password_hash = "$argon2id$x";
  EXPECT_TRUE(db->staff().add(account));
  audit_record row;
  row.actor = "cli:test";
  row.action = "staff.add";
  EXPECT_GT(db->audit().append(row), 0);
  db->unanswered().record("amagasaki", "ゴミ", "ゴミ？", "p1", 100);
  EXPECT_EQ(db->unanswered().open({}, 10).size(), 1u);
}

TEST_F(migration_test, a_schema_5_database_keeps_its_versions_and_gains_apply_until) {
  using namespace std::chrono;
  const knowledge::tenant amagasaki{"amagasaki", "尼崎市"};
  knowledge::entry seminar = faq("seminar", "3月17日に開きます。");
  seminar.event_start = 2026y / March / 17;
  seminar.event_end = 2026y / March / 18;
  {
    const auto db = open();
    db->knowledge().import_entries(amagasaki, {seminar, faq("2", "b")}, false, "import");
    ASSERT_TRUE(db->editorial().save_draft(faq("2", "draft"), "sato"));
  }
  downgrade_to_schema_5(path());
  ASSERT_EQ(inspector(path()).text("PRAGMA user_version"), "5");

  const auto db = open();
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
  EXPECT_EQ(db->knowledge().published_entries(), (std::vector{faq("2", "b"), seminar}));
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM entry_versions"), "3");
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM entry_versions WHERE apply_until IS NULL"),
            "3");
  const auto draft = db->editorial().find("amagasaki", "2");
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->draft_version, 2);
  EXPECT_EQ(draft->content, faq("2", "draft"));

  // New versions keep a deadline.
  seminar.apply_until = 2026y / March / 10;
  ASSERT_TRUE(db->editorial().save_draft(seminar, "sato"));
  ASSERT_TRUE(db->editorial().publish("amagasaki", "seminar", "admin"));
  EXPECT_EQ(db->knowledge().published_entries("amagasaki"), (std::vector{faq("2", "b"), seminar}));
}

TEST_F(migration_test, a_schema_6_database_keeps_its_unanswered_questions_open) {
  {
    const auto db = open();
    db->unanswered().record("amagasaki", "天気", "明日の天気は？", "p1", 100);
  }
  downgrade_to_schema_6(path());
  ASSERT_EQ(inspector(path()).text("PRAGMA user_version"), "6");

  const auto db = open();
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
  const auto open_questions = db->unanswered().open({}, 10);
  ASSERT_EQ(open_questions.size(), 1u);
  EXPECT_EQ(open_questions[0].text, "明日の天気は？");
  EXPECT_EQ(open_questions[0].dismissed_at, 0);
}

TEST_F(migration_test, a_schema_7_database_knows_its_live_and_imported_versions_were_published) {
  const knowledge::tenant amagasaki{"amagasaki", "尼崎市"};
  {
    const auto db = open();
    db->knowledge().import_entries(amagasaki, {faq("1", "a")}, false, "madoguchi kb import");
    ASSERT_TRUE(db->editorial().save_draft(faq("1", "b"), "sato"));
    ASSERT_TRUE(db->editorial().publish("amagasaki", "1", "chief"));
    ASSERT_TRUE(db->editorial().save_draft(faq("1", "c"), "sato"));
  }
  downgrade_to_schema_7(path());
  ASSERT_EQ(inspector(path()).text("PRAGMA user_version"), "7");

  const auto db = open();
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
  const auto versions = db->editorial().versions("amagasaki", "1");
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_FALSE(versions[0].was_published);  // the pending draft
  EXPECT_TRUE(versions[1].was_published);   // live
  EXPECT_TRUE(versions[2].was_published);   // written by kb import
}

TEST_F(migration_test, migrating_again_changes_nothing) {
  {
    const auto db = open();
    db->knowledge().import_entries({"amagasaki", "尼崎市"}, {faq("1", "a")}, false, "import");
    ASSERT_TRUE(db->editorial().save_draft(faq("1", "draft"), "sato"));
  }
  const auto db = open();
  const auto record = db->editorial().find("amagasaki", "1");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->draft_version, 2);
  EXPECT_EQ(record->status, entry_status::published);
}

}  // namespace
}  // namespace madoguchi::store
