// Reliability matrix row 15: power loss before fsync. The store runs on a VFS that keeps
// unsynced writes in memory (power_loss_vfs.hpp); the power is cut in the middle of appends,
// completions and checkpoints, and what reached the disk is opened again with the normal VFS:
// with synchronous=FULL every acknowledged event must be there, once, in a sound database.
#include "power_loss_vfs.hpp"
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::store {
namespace {

namespace fs = std::filesystem;
using mode = power_loss_vfs::mode;

using power_loss_test = sqlite_file_test;

// Every row of a one-column query, as text.
std::vector<std::string> column(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path.string());
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(message);
  }
  std::vector<std::string> values;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    values.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return values;
}

// Shared memory does not survive power loss; SQLite rebuilds the wal-index from the WAL.
void forget_shared_memory(const fs::path& db) {
  fs::remove(db.string() + "-shm");
}

// What the store acknowledged before the cut, to be found after it.
struct acknowledged {
  std::set<std::string> events;                 // "platform/event_key"
  std::set<std::string> completed;              // the same, of events completed as "replied"
  std::map<std::string, std::int64_t> threads;  // sender → updated_at of its last save
  std::uint64_t checkpoints = 0;
  std::uint64_t writes = 0;   // through the shim, after opening
  std::uint64_t commits = 0;  // syncs of the WAL
  bool cut_mid_write = false;
  bool cut_during_checkpoint = false;
};

constexpr int max_batches = 1000;  // a safety stop; the cut comes long before

// Appends webhook-like batches (with platform resends), completes some events and saves
// conversations, until the power is cut during the `cut_after`-th write (or, without one,
// after `batches` batches, with the connection still open).
acknowledged run_until_power_loss(const fs::path& path, std::uint32_t seed,
                                  std::optional<std::uint64_t> cut_after, mode m,
                                  int batches = max_batches) {
  static const std::string noise = [] {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> letter('a', 'z');
    std::string s(32768, ' ');
    for (char& c : s) {
      c = static_cast<char>(letter(random));
    }
    return s;
  }();
  static const std::vector<std::string> platforms = {"messenger", "instagram", "line"};

  std::mt19937 random(seed);
  acknowledged ack;
  std::vector<std::pair<std::int64_t, std::string>> journaled;  // id, "platform/event_key"
  std::vector<inbound_event> sent;
  power_loss_vfs vfs;
  auto db = open_sqlite({.path = path.string()});  // created, migrated, WAL, synchronous=FULL
  const std::uint64_t syncs_at_open = vfs.main_db_syncs();
  const std::uint64_t writes_at_open = vfs.writes();
  if (cut_after) {
    vfs.cut_after_writes(*cut_after, m, seed);
  }
  int next_key = 0;
  std::int64_t clock = 1700000000;
  for (int batch = 0; batch < batches && !vfs.cut(); ++batch) {
    std::vector<inbound_event> events;
    const int size = std::uniform_int_distribution<int>(1, 20)(random);
    for (int i = 0; i < size; ++i) {
      if (!sent.empty() && std::uniform_int_distribution<int>(0, 9)(random) == 0) {
        // A platform resending an event it already delivered.
        events.push_back(
            sent[std::uniform_int_distribution<std::size_t>(0, sent.size() - 1)(random)]);
        continue;
      }
      // 8–16 KiB of payload (a message with attachments' metadata, generously): overflow
      // pages, so that the WAL reaches its 1000-page auto-checkpoint every ~25 batches. Commits
      // cost a real fsync each, so more bytes per commit keep the run short.
      const auto length = std::uniform_int_distribution<std::size_t>(8192, 16384)(random);
      const auto from =
          std::uniform_int_distribution<std::size_t>(0, noise.size() - length)(random);
      events.push_back({platforms[random() % platforms.size()],
                        "mid." + std::to_string(seed) + "." + std::to_string(next_key++),
                        "amagasaki", noise.substr(from, length)});
    }
    try {
      const auto ids = db->inbound().append(events);
      if (!ids) {
        EXPECT_TRUE(vfs.cut()) << ids.error().message();
        break;
      }
      for (std::size_t i = 0; i < events.size(); ++i) {
        const std::string key = events[i].platform + "/" + events[i].event_key;
        if ((*ids)[i]) {
          journaled.emplace_back(*(*ids)[i], key);
          sent.push_back(events[i]);
        }
        ack.events.insert(key);  // new or a duplicate of an acknowledged one: both durable
      }
      // Handles an event now and then, as the server does after replying. Each completion is a
      // commit and a real fsync, which is what the run time is made of: not after every batch.
      if (!journaled.empty() && std::uniform_int_distribution<int>(0, 2)(random) == 0) {
        const auto pick =
            std::uniform_int_distribution<std::size_t>(0, journaled.size() - 1)(random);
        const auto [id, key] = journaled[pick];
        journaled.erase(journaled.begin() + static_cast<std::ptrdiff_t>(pick));
        EXPECT_TRUE(db->inbound().complete(id, "replied"));
        ack.completed.insert(key);
      }
      if (batch % 7 == 3) {
        const std::string sender = "PSID-" + std::to_string(random() % 5);
        db->conversations().save(
            {"amagasaki", "messenger", sender, R"({"offered":[]})", false, "", ++clock, 0});
        ack.threads[sender] = clock;
      }
    } catch (const std::runtime_error& error) {
      EXPECT_TRUE(vfs.cut()) << error.what();  // only the cut may make the store fail
      break;
    }
  }
  ack.cut_mid_write = vfs.cut();
  ack.cut_during_checkpoint = vfs.cut_during_checkpoint();
  ack.checkpoints = vfs.main_db_syncs() - syncs_at_open;
  ack.writes = vfs.writes() - writes_at_open;
  ack.commits = vfs.wal_syncs();
  if (!vfs.cut()) {
    vfs.power_loss(m, seed);
  }
  db.reset();  // closes with every write failing: nothing more reaches the disk
  return ack;  // the shim is unregistered here
}

// Opens what reached the disk with the normal VFS and checks it against what was acknowledged.
void expect_survived(const fs::path& path, const acknowledged& ack) {
  forget_shared_memory(path);
  const auto db = open_sqlite({.path = path.string()});  // replays the valid part of the WAL
  const inspector independent(path);
  EXPECT_EQ(independent.text("PRAGMA integrity_check"), "ok");

  const auto keys = column(path, "SELECT platform || '/' || event_key FROM inbound_journal");
  const std::set<std::string> unique(keys.begin(), keys.end());
  EXPECT_EQ(unique.size(), keys.size()) << "an event is journaled twice";
  std::size_t lost = 0;
  for (const std::string& key : ack.events) {
    lost += unique.contains(key) ? 0 : 1;
  }
  EXPECT_EQ(lost, 0u) << "of " << ack.events.size() << " acknowledged events";

  const auto replied = column(
      path, "SELECT platform || '/' || event_key FROM inbound_journal WHERE outcome = 'replied'");
  const std::set<std::string> done(replied.begin(), replied.end());
  for (const std::string& key : ack.completed) {
    EXPECT_TRUE(done.contains(key)) << key << " was completed";
  }
  for (const auto& [sender, updated_at] : ack.threads) {
    const auto found = db->conversations().find("amagasaki", "messenger", sender);
    ASSERT_TRUE(found) << sender;
    EXPECT_GE(found->updated_at, updated_at) << sender;  // a later, failed save may be there too
  }

  // Still writable, and still deduplicating.
  const auto appended = db->inbound().append({{"line", "after-power-loss", "amagasaki", "{}"}});
  ASSERT_TRUE(appended);
  EXPECT_TRUE((*appended)[0]);
  if (!ack.events.empty()) {
    const std::string& key = *ack.events.begin();
    const auto slash = key.find('/');
    const auto again =
        db->inbound().append({{key.substr(0, slash), key.substr(slash + 1), "amagasaki", "{}"}});
    ASSERT_TRUE(again);
    EXPECT_FALSE((*again)[0]) << key << " was appended again";
  }
}

TEST_F(power_loss_test, acknowledged_events_survive_a_cut_before_fsync) {
  // A full run cut at its end, to learn how many writes a run makes and that it checkpoints.
  const fs::path reference = dir_ / "reference" / "madoguchi.db";
  const acknowledged full = run_until_power_loss(reference, 1, std::nullopt, mode::drop_all, 110);
  ASSERT_GE(full.checkpoints, 2u) << "the workload must make the WAL checkpoint";
  expect_survived(reference, full);

  // Cuts at random writes of a run like that one: in commits, completions and checkpoints.
  std::mt19937 random(15);
  std::uniform_int_distribution<std::uint64_t> cut_point(1, full.writes);
  std::size_t events = full.events.size();
  std::uint64_t checkpoints = full.checkpoints;
  std::uint64_t commits = full.commits;
  int cuts_during_checkpoints = 0;
  std::uint64_t most_checkpoints = 0;  // in one round
  for (std::uint32_t round = 0; round < 30; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const fs::path path = dir_ / ("round-" + std::to_string(round)) / "madoguchi.db";
    const mode m = round % 2 == 0 ? mode::drop_all : mode::keep_subset;
    const acknowledged ack = run_until_power_loss(path, 100 + round, cut_point(random), m);
    EXPECT_TRUE(ack.cut_mid_write);
    expect_survived(path, ack);
    events += ack.events.size();
    checkpoints += ack.checkpoints;
    commits += ack.commits;
    cuts_during_checkpoints += ack.cut_during_checkpoint ? 1 : 0;
    most_checkpoints = std::max(most_checkpoints, ack.checkpoints);
    fs::remove_all(path.parent_path());
  }
  EXPECT_GT(cuts_during_checkpoints, 0) << "no cut came in the middle of a checkpoint";
  std::cout << "[ power loss ] " << cuts_during_checkpoints << " of 30 cuts during a checkpoint, "
            << events << " acknowledged events, " << checkpoints << " checkpoints ("
            << full.checkpoints << " in the full run, up to " << most_checkpoints
            << " in a round), " << commits << " WAL syncs, cuts within " << full.writes
            << " writes\n";
}

// The control: on a raw connection through the shim, commits with synchronous=OFF are lost at
// the cut (so the shim does drop unsynced writes), and with FULL none are.
std::pair<int, int> committed_and_surviving(const fs::path& path, const std::string& synchronous,
                                            mode m) {
  constexpr int committed = 50;
  fs::create_directories(path.parent_path());
  {
    power_loss_vfs vfs;
    sqlite3* db = nullptr;
    EXPECT_EQ(
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
        SQLITE_OK);
    // The table itself is created durably, so that only the rows are at stake.
    EXPECT_EQ(sqlite3_exec(db,
                           "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                           "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, ("PRAGMA synchronous = " + synchronous).c_str(), nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    for (int i = 0; i < committed; ++i) {
      EXPECT_EQ(
          sqlite3_exec(db, "INSERT INTO t (v) VALUES (randomblob(300))", nullptr, nullptr, nullptr),
          SQLITE_OK);  // one committed transaction each
    }
    vfs.power_loss(m, 1);
    sqlite3_close(db);
  }
  forget_shared_memory(path);
  const inspector after(path);
  EXPECT_EQ(after.text("PRAGMA integrity_check"), "ok");
  return {committed, std::stoi(after.text("SELECT count(*) FROM t"))};
}

TEST_F(power_loss_test, the_shim_loses_commits_that_were_not_synced) {
  const auto [committed, surviving] =
      committed_and_surviving(dir_ / "off" / "control.db", "OFF", mode::drop_all);
  std::cout << "[ power loss ] synchronous=OFF: " << surviving << " of " << committed
            << " committed rows survived\n";
  EXPECT_LT(surviving, committed);
}

TEST_F(power_loss_test, the_shim_keeps_commits_that_were_synced) {
  for (const mode m : {mode::drop_all, mode::keep_subset}) {
    const fs::path path = dir_ / (m == mode::drop_all ? "drop" : "keep") / "control.db";
    const auto [committed, surviving] = committed_and_surviving(path, "FULL", m);
    EXPECT_EQ(surviving, committed);
  }
}

}  // namespace
}  // namespace madoguchi::store
