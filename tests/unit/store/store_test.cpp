// Tests of store::open_sqlite and its repositories on a real SQLite file in a fresh temporary
// directory per test: pragmas, migrations, seeding, entry round trips and the inbound journal.
#include "madoguchi/store/database.hpp"
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace madoguchi::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

// The connection open_sqlite() makes, captured through SQLite's auto-extension hook: pragmas such
// as synchronous are per connection, so another connection could not see them.
sqlite3* captured_connection = nullptr;

int capture_connection(sqlite3* db, const char**, const void*) {
  captured_connection = db;
  return SQLITE_OK;
}

class store_test : public sqlite_file_test {};

knowledge::entry full_entry() {
  knowledge::entry e;
  e.tenant = "alpha";
  e.id = "full-entry";
  e.title = "「全部入り」のエントリ \"quoted\"";
  e.questions = {"申し込みは？", "emoji 😊 and \\ backslash", "", "line\nbreak"};
  e.answer = "回答です。\n2行目\t（タブ）";
  e.links = {{"申し込みページ", "https://example.jp/a?b=1&c=2"}, {"", "http://example.jp/"}};
  e.keywords = {"セミナー", "ＳＤＧｓ"};
  e.valid_from = 2020y / January / 1;
  e.valid_until = 2020y / December / 31;
  e.event_start = 2020y / March / 17;
  e.event_end = 2020y / March / 18;
  e.apply_until = 2020y / March / 10;
  e.source = "000_06e2dd32cb8956de.txt";
  return e;
}

knowledge::default_content small_content() {
  knowledge::entry minimal;
  minimal.tenant = "beta";
  minimal.id = "minimal";
  minimal.title = "最小";
  minimal.answer = "はい。";
  return {{{"alpha", "甲市"}, {"beta", "乙町"}}, {full_entry(), minimal}};
}

inbound_event event(std::string platform, std::string key, std::string payload = "{}") {
  return {std::move(platform), std::move(key), "alpha", std::move(payload)};
}

TEST_F(store_test, open_creates_the_parent_directories) {
  const fs::path nested = dir_ / "a" / "b" / "c" / "madoguchi.db";
  auto db = open_sqlite({.path = nested.string()});
  EXPECT_TRUE(fs::exists(nested));
  EXPECT_TRUE(db->ping());
}

TEST_F(store_test, runs_in_wal_mode_with_synchronous_full) {
  captured_connection = nullptr;
  ASSERT_EQ(sqlite3_auto_extension(reinterpret_cast<void (*)()>(capture_connection)), SQLITE_OK);
  auto db = open();
  sqlite3_cancel_auto_extension(reinterpret_cast<void (*)()>(capture_connection));
  ASSERT_NE(captured_connection, nullptr);
  EXPECT_EQ(inspector::query(captured_connection, "PRAGMA synchronous"), "2");
  EXPECT_EQ(inspector::query(captured_connection, "PRAGMA journal_mode"), "wal");
  // WAL is a property of the file: a second connection sees it too.
  EXPECT_EQ(inspector(path()).text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
}

TEST_F(store_test, seed_writes_every_default_entry_once) {
  const auto& content = knowledge::embedded_default_content();
  auto db = open();
  EXPECT_EQ(db->knowledge().seed(content), content.entries.size());
  EXPECT_EQ(db->knowledge().seed(content), 0u);
  EXPECT_EQ(db->knowledge().seed(small_content()), 0u);

  std::vector<knowledge::entry> expected = content.entries;
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return std::tie(a.tenant, a.id) < std::tie(b.tenant, b.id);
  });
  EXPECT_EQ(db->knowledge().published_entries(), expected);
  EXPECT_EQ(db->knowledge().tenants().size(), content.tenants.size());
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM entry_versions"),
            std::to_string(content.entries.size()));
}

TEST_F(store_test, published_entries_round_trip_every_field) {
  auto db = open();
  ASSERT_EQ(db->knowledge().seed(small_content()), 2u);
  const auto entries = db->knowledge().published_entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0], full_entry());
  EXPECT_EQ(entries[1], small_content().entries[1]);
  EXPECT_FALSE(entries[1].event_start.has_value());
  EXPECT_FALSE(entries[1].apply_until.has_value());
  EXPECT_TRUE(entries[1].links.empty());
  EXPECT_EQ(db->knowledge().tenants(),
            (std::vector<knowledge::tenant>{{"alpha", "甲市"}, {"beta", "乙町"}}));
}

TEST_F(store_test, ensure_tenant_is_idempotent) {
  auto db = open();
  db->knowledge().ensure_tenant({"gamma", "丙村"});
  db->knowledge().ensure_tenant({"gamma", "丙村"});
  db->knowledge().ensure_tenant({"gamma", "別の名前"});  // an existing tenant is left as it is
  EXPECT_EQ(db->knowledge().tenants(), (std::vector<knowledge::tenant>{{"gamma", "丙村"}}));
}

TEST_F(store_test, reopening_keeps_the_data) {
  std::int64_t journal_id = 0;
  {
    auto db = open();
    db->knowledge().seed(small_content());
    const auto ids = db->inbound().append({event("messenger", "m.1", "{\"text\":\"日本語\"}")});
    ASSERT_TRUE(ids.has_value());
    journal_id = ids->at(0).value();
  }
  auto db = open();  // migrations run again and must not fail or duplicate anything
  EXPECT_EQ(db->knowledge().published_entries().size(), 2u);
  EXPECT_EQ(db->knowledge().seed(small_content()), 0u);
  const auto pending = db->inbound().pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, journal_id);
  EXPECT_EQ(pending[0].event.payload, "{\"text\":\"日本語\"}");
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "9");
}

TEST_F(store_test, a_database_from_a_newer_version_is_refused) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  try {
    open();
    FAIL() << "opened a database of schema version 99";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("newer"), std::string::npos) << message;
    EXPECT_NE(message.find(path().string()), std::string::npos) << message;
  }
  EXPECT_EQ(inspector(path()).text("PRAGMA user_version"), "99");  // left untouched
}

TEST_F(store_test, journal_append_skips_duplicates_within_and_across_batches) {
  auto db = open();
  const auto first = db->inbound().append(
      {event("messenger", "m.1"), event("messenger", "m.2"), event("messenger", "m.1")});
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->size(), 3u);
  ASSERT_TRUE(first->at(0).has_value());
  ASSERT_TRUE(first->at(1).has_value());
  EXPECT_FALSE(first->at(2).has_value());
  EXPECT_LT(*first->at(0), *first->at(1));

  const auto second = db->inbound().append(
      {event("messenger", "m.2"), event("instagram", "m.1"), event("messenger", "m.3")});
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(second->size(), 3u);
  EXPECT_FALSE(second->at(0).has_value());
  ASSERT_TRUE(second->at(1).has_value());  // same key on another platform is another event
  ASSERT_TRUE(second->at(2).has_value());
  EXPECT_LT(*first->at(1), *second->at(1));
  EXPECT_LT(*second->at(1), *second->at(2));

  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM inbound_journal"), "4");
  const auto empty = db->inbound().append({});
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST_F(store_test, pending_lists_incomplete_events_oldest_first_until_completed) {
  auto db = open();
  const auto ids = db->inbound().append({event("messenger", "m.1", "{\"n\":1}"),
                                         event("instagram", "i.1", "{\"n\":2}"),
                                         event("messenger", "m.2", "{\"n\":3}")});
  ASSERT_TRUE(ids.has_value());
  auto pending = db->inbound().pending();
  ASSERT_EQ(pending.size(), 3u);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    EXPECT_EQ(pending[i].id, ids->at(i).value());
  }
  EXPECT_EQ(pending[1].event.platform, "instagram");
  EXPECT_EQ(pending[1].event.event_key, "i.1");
  EXPECT_EQ(pending[1].event.tenant, "alpha");
  EXPECT_EQ(pending[1].event.payload, "{\"n\":2}");

  EXPECT_TRUE(db->inbound().complete(pending[1].id, "replied"));
  pending = db->inbound().pending();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].event.event_key, "m.1");
  EXPECT_EQ(pending[1].event.event_key, "m.2");
  const std::string where = " FROM inbound_journal WHERE event_key = 'i.1'";
  EXPECT_EQ(inspector(path()).text("SELECT outcome" + where), "replied");
  EXPECT_NE(inspector(path()).text("SELECT handled_at" + where), "(null)");

  EXPECT_TRUE(db->inbound().complete(pending[0].id, "ignored"));
  EXPECT_TRUE(db->inbound().complete(pending[1].id, "replied"));
  EXPECT_TRUE(db->inbound().pending().empty());
  // A completed event is still remembered: its redelivery is a duplicate.
  const auto again = db->inbound().append({event("messenger", "m.1")});
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->at(0).has_value());
}

TEST_F(store_test, pending_count_counts_what_pending_lists) {
  auto db = open();
  EXPECT_EQ(db->inbound().pending_count(), 0);
  const auto ids = db->inbound().append({event("messenger", "m.1"), event("line", "l.1")});
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(db->inbound().pending_count(), 2);
  EXPECT_TRUE(db->inbound().complete(ids->at(0).value(), "replied"));
  EXPECT_EQ(db->inbound().pending_count(), 1);
}

// Each event is decided once: a second take of it (a read of the journal racing its own
// submit, or another instance) finds it decided and must store nothing of its own.
TEST_F(store_test, an_event_is_completed_once_and_its_delivery_recorded_after) {
  auto db = open();
  const auto ids = db->inbound().append({event("line", "l.1")});
  ASSERT_TRUE(ids.has_value());
  const std::int64_t id = ids->at(0).value();
  db->inbound().record_delivery(id, "pushed");  // not decided yet: stays pending
  EXPECT_EQ(db->inbound().pending_count(), 1);
  EXPECT_TRUE(db->inbound().complete(id, "queued"));
  EXPECT_FALSE(db->inbound().complete(id, "replied"));
  const std::string outcome = "SELECT outcome FROM inbound_journal WHERE event_key = 'l.1'";
  EXPECT_EQ(inspector(path()).text(outcome), "queued");
  db->inbound().record_delivery(id, "pushed");
  EXPECT_EQ(inspector(path()).text(outcome), "pushed");
  EXPECT_EQ(db->inbound().pending_count(), 0);
}

TEST_F(store_test, the_write_probe_commits_to_the_file_and_leaves_the_journal_as_it_was) {
  auto db = open();
  ASSERT_TRUE(db->inbound().append({event("messenger", "m.1")}).has_value());
  const fs::path wal = path().string() + "-wal";
  const auto before = fs::file_size(wal);
  EXPECT_FALSE(db->inbound().probe_write());
  // Written and fsynced like an append: a probe that only reads or rolls back writes nothing.
  EXPECT_GT(fs::file_size(wal), before);
  EXPECT_EQ(inspector(path()).text("SELECT count(*) FROM inbound_journal"), "1");
  EXPECT_EQ(db->inbound().pending_count(), 1);
  EXPECT_FALSE(db->inbound().probe_write());
}

TEST_F(store_test, an_unusable_path_throws_naming_it) {
  const fs::path blocker = dir_ / "not-a-directory";
  std::ofstream(blocker) << "a regular file";
  const std::string impossible = (blocker / "sub" / "madoguchi.db").string();
  try {
    open_sqlite({.path = impossible});
    FAIL() << "opened " << impossible;
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(impossible), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace madoguchi::store
