// Tests of store::editorial on a real SQLite file: the life of an entry from draft to rollback,
// what the bot answers with at each step (published_entries), and that nothing is ever deleted.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::store {
namespace {

using editorial_test = sqlite_file_test;

knowledge::entry faq(std::string answer, std::string id = "seminar") {
  knowledge::entry e;
  e.tenant = "osaka-pref";
  e.id = std::move(id);
  e.title = "セミナー";
  e.questions = {"セミナーはいつ？"};
  e.answer = std::move(answer);
  return e;
}

std::vector<std::int64_t> version_numbers(const std::vector<entry_version>& versions) {
  std::vector<std::int64_t> numbers;
  for (const entry_version& v : versions) {
    numbers.push_back(v.info.version);
  }
  return numbers;
}

TEST_F(editorial_test, an_entry_from_draft_to_rollback) {
  auto db = open();
  db->knowledge().ensure_tenant({"osaka-pref", "大阪府"});
  editorial& ed = db->editorial();
  const auto published = [&] { return db->knowledge().published_entries("osaka-pref"); };
  const auto versions_written = [&] {
    return inspector(path()).text("SELECT count(*) FROM entry_versions");
  };

  // A new entry is a draft: staff see it, the bot does not.
  const edit_result created = ed.create(faq("v1"), "sato");
  ASSERT_TRUE(created);
  EXPECT_EQ(created.version, 1);
  EXPECT_FALSE(created.before);
  EXPECT_EQ(created.after, faq("v1"));
  auto record = ed.find("osaka-pref", "seminar");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, entry_status::draft);
  EXPECT_EQ(record->draft_version, 1);
  EXPECT_FALSE(record->published_version);
  EXPECT_EQ(record->latest.author, "sato");
  EXPECT_EQ(record->content, faq("v1"));
  EXPECT_TRUE(published().empty());

  // A second draft; saving it again unchanged writes nothing.
  EXPECT_EQ(ed.save_draft(faq("v2"), "sato").version, 2);
  const edit_result unchanged = ed.save_draft(faq("v2"), "tanaka");
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged.version, 2);
  EXPECT_EQ(unchanged.before, unchanged.after);
  EXPECT_FALSE(unchanged.changed);
  EXPECT_EQ(versions_written(), "2");
  EXPECT_TRUE(published().empty());

  // Publishing makes the draft live.
  const edit_result first_publish = ed.publish("osaka-pref", "seminar", "admin");
  ASSERT_TRUE(first_publish);
  EXPECT_EQ(first_publish.version, 2);
  EXPECT_FALSE(first_publish.before);
  EXPECT_EQ(first_publish.after, faq("v2"));
  EXPECT_EQ(published(), std::vector{faq("v2")});
  record = ed.find("osaka-pref", "seminar");
  EXPECT_EQ(record->status, entry_status::published);
  EXPECT_EQ(record->published_version, 2);
  EXPECT_FALSE(record->draft_version);
  EXPECT_EQ(ed.publish("osaka-pref", "seminar", "admin").error, edit_error::no_draft);

  // A draft of a live entry: staff see the draft, the bot keeps the published version.
  EXPECT_EQ(ed.save_draft(faq("v3"), "sato").version, 3);
  record = ed.find("osaka-pref", "seminar");
  EXPECT_EQ(record->status, entry_status::published);
  EXPECT_EQ(record->published_version, 2);
  EXPECT_EQ(record->draft_version, 3);
  EXPECT_EQ(record->content, faq("v3"));
  EXPECT_EQ(record->latest.version, 3);
  EXPECT_EQ(published(), std::vector{faq("v2")});

  const edit_result second_publish = ed.publish("osaka-pref", "seminar", "admin");
  EXPECT_EQ(second_publish.before, faq("v2"));
  EXPECT_EQ(second_publish.after, faq("v3"));
  EXPECT_EQ(published(), std::vector{faq("v3")});

  // Retiring unpublishes; the versions stay.
  const edit_result retired = ed.retire("osaka-pref", "seminar", "admin");
  ASSERT_TRUE(retired);
  EXPECT_EQ(retired.before, faq("v3"));
  EXPECT_FALSE(retired.after);
  EXPECT_TRUE(published().empty());
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->status, entry_status::retired);
  EXPECT_EQ(ed.retire("osaka-pref", "seminar", "admin").error, edit_error::not_published);

  // Rolling back writes the old content as a new, published version.
  const edit_result rolled_back = ed.rollback("osaka-pref", "seminar", 2, "admin");
  ASSERT_TRUE(rolled_back);
  EXPECT_EQ(rolled_back.version, 4);
  EXPECT_FALSE(rolled_back.before);  // nothing was live
  EXPECT_EQ(rolled_back.after, faq("v2"));
  EXPECT_EQ(published(), std::vector{faq("v2")});
  record = ed.find("osaka-pref", "seminar");
  EXPECT_EQ(record->status, entry_status::published);
  EXPECT_EQ(record->published_version, 4);
  EXPECT_EQ(record->latest.author, "admin");

  const auto versions = ed.versions("osaka-pref", "seminar");
  EXPECT_EQ(version_numbers(versions), (std::vector<std::int64_t>{4, 3, 2, 1}));
  EXPECT_TRUE(versions[0].published);
  EXPECT_FALSE(versions[1].published || versions[2].published || versions[3].published);
  // Versions 2 and 3 were live once; version 1 was a draft never published.
  EXPECT_TRUE(versions[0].was_published && versions[1].was_published && versions[2].was_published);
  EXPECT_FALSE(versions[3].was_published);
  EXPECT_EQ(versions[0].content, faq("v2"));
  EXPECT_EQ(versions[1].content, faq("v3"));
  EXPECT_EQ(versions[3].info.author, "sato");
  EXPECT_EQ(versions[3].info.created_at.size(), 24u);  // 2026-12-01T03:04:05.678Z
  EXPECT_EQ(versions_written(), "4");
}

// 予約公開: a scheduled draft is due at its time, earliest first; publishing it, or a rollback
// that leaves no draft, ends the schedule; a draft saved later is the one published.
TEST_F(editorial_test, a_scheduled_draft_is_due_at_its_time_until_published) {
  auto db = open();
  db->knowledge().ensure_tenant({"osaka-pref", "大阪府"});
  editorial& ed = db->editorial();
  ASSERT_TRUE(ed.create(faq("初版", "seminar"), "sato"));
  ASSERT_TRUE(ed.create(faq("初版", "festival"), "sato"));
  ASSERT_TRUE(ed.schedule("osaka-pref", "seminar", 2000, "chief"));
  const edit_result festival = ed.schedule("osaka-pref", "festival", 1000, "chief");
  ASSERT_TRUE(festival);
  EXPECT_EQ(festival.version, 1);
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->publish_at, 2000);
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->publish_by, "chief");

  EXPECT_TRUE(ed.due(999).empty());
  EXPECT_EQ(ed.due(2000), (std::vector<scheduled_publication>{{"osaka-pref", "festival", "chief"},
                                                              {"osaka-pref", "seminar", "chief"}}));

  ASSERT_TRUE(ed.publish("osaka-pref", "festival", "chief"));
  EXPECT_EQ(ed.find("osaka-pref", "festival")->publish_at, std::nullopt);
  EXPECT_EQ(ed.due(2000).size(), 1u);

  // Cancelled: nothing due; with no draft: nothing to schedule.
  ASSERT_TRUE(ed.schedule("osaka-pref", "seminar", std::nullopt, "chief"));
  EXPECT_TRUE(ed.due(5000).empty());
  EXPECT_EQ(ed.schedule("osaka-pref", "festival", 3000, "chief").error, edit_error::no_draft);
  EXPECT_EQ(ed.schedule("osaka-pref", "nothing", 3000, "chief").error, edit_error::not_found);

  // A draft saved after scheduling is the one published at the time.
  ASSERT_TRUE(ed.schedule("osaka-pref", "seminar", 3000, "chief"));
  ASSERT_TRUE(ed.save_draft(faq("第二版", "seminar"), "sato"));
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->publish_at, 3000);
  ASSERT_EQ(ed.due(3000).size(), 1u);
  ASSERT_TRUE(ed.rollback("osaka-pref", "seminar", 1, "chief"));
  EXPECT_TRUE(ed.due(3000).empty()) << "a rollback leaves no draft to publish";
}

TEST_F(editorial_test, refusals_name_what_is_wrong) {
  auto db = open();
  editorial& ed = db->editorial();
  EXPECT_EQ(ed.create(faq("x"), "sato").error, edit_error::unknown_tenant);
  db->knowledge().ensure_tenant({"osaka-pref", "大阪府"});
  ASSERT_TRUE(ed.create(faq("x"), "sato"));
  EXPECT_EQ(ed.create(faq("y"), "sato").error, edit_error::already_exists);
  EXPECT_EQ(ed.save_draft(faq("y", "nowhere"), "sato").error, edit_error::not_found);
  EXPECT_EQ(ed.publish("osaka-pref", "nowhere", "admin").error, edit_error::not_found);
  EXPECT_EQ(ed.retire("osaka-pref", "seminar", "admin").error, edit_error::not_published);
  EXPECT_EQ(ed.rollback("osaka-pref", "seminar", 7, "admin").error, edit_error::unknown_version);
  EXPECT_EQ(ed.rollback("osaka-pref", "nowhere", 1, "admin").error, edit_error::not_found);
  EXPECT_FALSE(ed.find("osaka-pref", "nowhere"));
  EXPECT_TRUE(ed.versions("osaka-pref", "nowhere").empty());
  // Nothing was written by the refusals.
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM entry_versions"), "1");
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->content, faq("x"));
}

TEST_F(editorial_test, entries_lists_every_status_by_id) {
  auto db = open();
  db->knowledge().import_entries({"osaka-pref", "大阪府"}, {faq("live", "b"), faq("old", "c")},
                                 false, "madoguchi kb import");
  db->knowledge().import_entries({"osaka-pref", "大阪府"}, {faq("live", "b")}, true,
                                 "madoguchi kb import");
  editorial& ed = db->editorial();
  ASSERT_TRUE(ed.create(faq("new", "a"), "sato"));
  ASSERT_TRUE(ed.save_draft(faq("live, edited", "b"), "sato"));

  const auto records = ed.entries("osaka-pref");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].content, faq("new", "a"));
  EXPECT_EQ(records[0].status, entry_status::draft);
  EXPECT_EQ(records[1].content, faq("live, edited", "b"));  // the pending draft
  EXPECT_EQ(records[1].status, entry_status::published);
  EXPECT_EQ(records[1].published_version, 1);
  EXPECT_EQ(records[1].draft_version, 2);
  EXPECT_EQ(records[2].content, faq("old", "c"));
  EXPECT_EQ(records[2].status, entry_status::retired);
  EXPECT_FALSE(records[2].published_version);
  EXPECT_FALSE(records[2].draft_version);
  EXPECT_TRUE(ed.entries("morioka").empty());
  EXPECT_EQ(db->knowledge().published_entries("osaka-pref"), std::vector{faq("live", "b")});
}

TEST_F(editorial_test, an_import_supersedes_a_pending_draft_and_revives_a_retired_entry) {
  auto db = open();
  const knowledge::tenant osaka{"osaka-pref", "大阪府"};
  db->knowledge().import_entries(osaka, {faq("v1", "a"), faq("v1", "b")}, false, "import");
  editorial& ed = db->editorial();
  ASSERT_TRUE(ed.save_draft(faq("draft", "a"), "sato"));
  ASSERT_TRUE(ed.retire("osaka-pref", "b", "admin"));

  // The same content as published: the draft stays pending.
  db->knowledge().import_entries(osaka, {faq("v1", "a")}, false, "import");
  EXPECT_EQ(ed.find("osaka-pref", "a")->draft_version, 2);

  db->knowledge().import_entries(osaka, {faq("imported", "a"), faq("v1", "b")}, false, "import");
  const auto a = ed.find("osaka-pref", "a");
  EXPECT_EQ(a->status, entry_status::published);
  EXPECT_EQ(a->published_version, 3);
  EXPECT_FALSE(a->draft_version);
  EXPECT_EQ(a->content, faq("imported", "a"));
  EXPECT_EQ(ed.publish("osaka-pref", "a", "admin").error, edit_error::no_draft);
  const auto b = ed.find("osaka-pref", "b");
  EXPECT_EQ(b->status, entry_status::published);
  EXPECT_EQ(b->published_version, 2);
  EXPECT_EQ(db->knowledge().published_entries("osaka-pref"),
            (std::vector{faq("imported", "a"), faq("v1", "b")}));
}

TEST_F(editorial_test, a_retired_entry_keeps_its_draft_and_publishing_it_brings_it_back) {
  auto db = open();
  db->knowledge().import_entries({"osaka-pref", "大阪府"}, {faq("v1")}, false, "import");
  editorial& ed = db->editorial();
  ASSERT_TRUE(ed.save_draft(faq("v2"), "sato"));
  ASSERT_TRUE(ed.retire("osaka-pref", "seminar", "admin"));
  auto record = ed.find("osaka-pref", "seminar");
  EXPECT_EQ(record->status, entry_status::retired);
  EXPECT_EQ(record->draft_version, 2);
  EXPECT_EQ(record->content, faq("v2"));

  const edit_result published = ed.publish("osaka-pref", "seminar", "admin");
  EXPECT_FALSE(published.before);
  EXPECT_EQ(published.after, faq("v2"));
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->status, entry_status::published);
  EXPECT_EQ(db->knowledge().published_entries(), std::vector{faq("v2")});
}

// Without a draft, publishing a retired entry brings back its last version (the page's 公開する
// on a retired answer); a live entry without a draft still has nothing to publish.
TEST_F(editorial_test, a_retired_entry_without_a_draft_is_published_again_as_last_written) {
  auto db = open();
  db->knowledge().import_entries({"osaka-pref", "大阪府"}, {faq("v1")}, false, "import");
  editorial& ed = db->editorial();
  EXPECT_EQ(ed.publish("osaka-pref", "seminar", "admin").error, edit_error::no_draft);
  ASSERT_TRUE(ed.retire("osaka-pref", "seminar", "admin"));
  EXPECT_TRUE(db->knowledge().published_entries().empty());

  const edit_result again = ed.publish("osaka-pref", "seminar", "admin");
  ASSERT_TRUE(again);
  EXPECT_EQ(again.version, 1);
  EXPECT_FALSE(again.before);
  EXPECT_EQ(again.after, faq("v1"));
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->status, entry_status::published);
  EXPECT_EQ(db->knowledge().published_entries(), std::vector{faq("v1")});
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM entry_versions"), "1") << "no new version";
}

TEST_F(editorial_test, the_registration_deadline_survives_draft_publish_and_rollback) {
  using namespace std::chrono;
  auto db = open();
  db->knowledge().ensure_tenant({"osaka-pref", "大阪府"});
  editorial& ed = db->editorial();
  knowledge::entry with_deadline = faq("3月17日に開きます。");
  with_deadline.event_start = 2026y / March / 17;
  with_deadline.event_end = 2026y / March / 18;
  with_deadline.apply_until = 2026y / March / 10;
  knowledge::entry later_deadline = with_deadline;
  later_deadline.apply_until = 2026y / March / 15;

  ASSERT_TRUE(ed.create(with_deadline, "sato"));
  EXPECT_EQ(ed.find("osaka-pref", "seminar")->content, with_deadline);
  ASSERT_TRUE(ed.publish("osaka-pref", "seminar", "admin"));
  EXPECT_EQ(db->knowledge().published_entries("osaka-pref"), std::vector{with_deadline});

  // A change of the deadline alone is a new version.
  const edit_result moved = ed.save_draft(later_deadline, "sato");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved.version, 2);
  EXPECT_EQ(moved.before, with_deadline);
  ASSERT_TRUE(ed.publish("osaka-pref", "seminar", "admin"));
  EXPECT_EQ(db->knowledge().published_entries("osaka-pref"), std::vector{later_deadline});
  EXPECT_EQ(inspector(path()).text("SELECT apply_until FROM entry_versions WHERE version = 2"),
            "2026-03-15");

  ASSERT_TRUE(ed.rollback("osaka-pref", "seminar", 1, "admin"));
  EXPECT_EQ(db->knowledge().published_entries("osaka-pref"), std::vector{with_deadline});
  const auto versions = ed.versions("osaka-pref", "seminar");
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].content.apply_until, 2026y / March / 10);
  EXPECT_TRUE(versions[0].published);
  EXPECT_EQ(versions[1].content.apply_until, 2026y / March / 15);
}

TEST_F(editorial_test, a_rollback_supersedes_a_pending_draft) {
  auto db = open();
  db->knowledge().import_entries({"osaka-pref", "大阪府"}, {faq("v1")}, false, "import");
  db->knowledge().import_entries({"osaka-pref", "大阪府"}, {faq("v2")}, false, "import");
  editorial& ed = db->editorial();
  ASSERT_TRUE(ed.save_draft(faq("v3 draft"), "sato"));
  const edit_result rolled_back = ed.rollback("osaka-pref", "seminar", 1, "admin");
  EXPECT_EQ(rolled_back.before, faq("v2"));
  EXPECT_EQ(rolled_back.after, faq("v1"));
  EXPECT_EQ(rolled_back.version, 4);
  const auto record = ed.find("osaka-pref", "seminar");
  EXPECT_FALSE(record->draft_version);
  EXPECT_EQ(record->content, faq("v1"));
  EXPECT_EQ(db->knowledge().published_entries(), std::vector{faq("v1")});
  EXPECT_EQ(ed.versions("osaka-pref", "seminar").size(), 4u);
}

}  // namespace
}  // namespace madoguchi::store
