// A busy database under load, and the backup drill (reliability.md matrix rows 17 and 32). While
// LINE events stream in at a steady rate, `madoguchi backup` copies the live database again and
// again, and another connection takes the write lock for 300 ms at a time, as `madoguchi kb
// import` or `madoguchi staff` do from their own processes. No webhook may fail: the server waits
// out the other writer (busy_timeout) instead of answering SQLITE_BUSY as a 503. Every backup is
// a sound database; the one taken after the load holds exactly what the live database holds, and
// a server restored from it answers again and still knows which events it has seen.
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* channel_secret = "busy-line-secret-5a";
constexpr const char* access_token = "busy-line-token-3b";
constexpr auto load_duration = 6s;
constexpr auto send_interval = 40ms;  // per lane; two lanes: 50 events a second

std::string event_body(const std::string& id) {
  return line_text_event_body(id, "rt-" + id, now_ms(), "セミナーの日程");
}

unsigned post_event(unsigned short port, const std::string& body) {
  return http_call(port, "POST", "/webhook/line/osaka-pref", body,
                   {{"Content-Type", "application/json"},
                    {"X-Line-Signature", line_signature(channel_secret, body)}})
      .status;
}

// One row and column of `sql` on its own read-only connection, as text ("" on error).
std::string query(const fs::path& database, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string result;
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(statement, 0);
      result = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

// What the live database and a copy must agree on.
std::map<std::string, std::string> content_of(const fs::path& database) {
  std::map<std::string, std::string> content;
  for (const char* table : {"inbound_journal", "outbox", "conversations", "entries"}) {
    content[table] = query(database, std::string("SELECT count(*) FROM ") + table);
  }
  content["outcomes"] =
      query(database,
            "SELECT group_concat(outcome) FROM (SELECT outcome FROM inbound_journal ORDER BY id)");
  return content;
}

// Runs `madoguchi backup` of `database` into `file` from `cli_dir` (its own directory, so that
// its log files do not overwrite the server's); returns its exit status.
int run_backup(const fs::path& cli_dir, const fs::path& database, const fs::path& file) {
  write_file(cli_dir / "madoguchi.toml", "[storage]\nsqlite = \"" + database.string() + "\"\n");
  child_process backup(MADOGUCHI_BINARY, {"backup", "--config", "madoguchi.toml", file.string()},
                       {}, cli_dir);
  return backup.wait(60s);
}

// The other writer: takes the write lock for 300 ms, again and again, until `stop`.
void hold_the_write_lock(const fs::path& database, const std::atomic<bool>& stop,
                         std::atomic<int>& held) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  while (!stop) {
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) {
      std::this_thread::sleep_for(300ms);
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      ++held;
    }
    std::this_thread::sleep_for(400ms);
  }
  sqlite3_close(db);
}

TEST(busy_database, backups_and_other_writers_during_load_fail_no_webhook_and_copy_soundly) {
  const fs::path dir = make_temp_dir();
  const test_certificate certificate = make_localhost_certificate();
  write_file(dir / "ca.pem", certificate.certificate_pem);
  fake_graph_api line_api(certificate);
  const std::string config = line_only_config(dir / "ca.pem", line_api.port());
  const std::map<std::string, std::string> environment = {
      {"MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF", channel_secret},
      {"MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF", access_token}};
  auto server = std::make_unique<server_under_test>(dir, config, environment);
  const fs::path db = server->database();
  server->forbid_in_log("Ub0e0");
  const fs::path cli_dir = dir / "cli";
  fs::create_directories(cli_dir);

  std::atomic<bool> stop{false};
  std::atomic<int> locks_held{0};
  std::mutex mutex;
  std::map<unsigned, int> statuses;
  std::vector<double> ack_ms;
  std::vector<std::thread> lanes;
  const auto started = std::chrono::steady_clock::now();
  for (int lane = 0; lane < 2; ++lane) {
    lanes.emplace_back([&, lane] {
      auto next = std::chrono::steady_clock::now();
      for (int i = 0; std::chrono::steady_clock::now() - started < load_duration; ++i) {
        std::this_thread::sleep_until(next);
        next += send_interval;
        const auto sent = std::chrono::steady_clock::now();
        const unsigned status = post_event(
            server->port(), event_body("b" + std::to_string(lane) + "e" + std::to_string(i)));
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - sent;
        const std::lock_guard lock(mutex);
        ++statuses[status];
        ack_ms.push_back(took.count());
      }
    });
  }
  std::thread writer(hold_the_write_lock, db, std::cref(stop), std::ref(locks_held));
  std::vector<fs::path> backups;
  std::vector<int> backup_status;
  while (std::chrono::steady_clock::now() - started < load_duration) {
    backups.push_back(dir / "backups" / ("during-" + std::to_string(backups.size()) + ".db"));
    backup_status.push_back(run_backup(cli_dir, db, backups.back()));
    std::this_thread::sleep_for(200ms);  // a backup loop, not a disk-bandwidth test
  }
  for (std::thread& lane : lanes) {
    lane.join();
  }
  stop = true;
  writer.join();

  std::sort(ack_ms.begin(), ack_ms.end());
  const auto percentile = [&](double p) {
    return ack_ms[std::min(ack_ms.size() - 1, static_cast<std::size_t>(p * ack_ms.size()))];
  };
  std::printf(
      "busy database: %zu webhooks, %zu backups, the write lock taken %d times; ack p50 %.1f ms, "
      "p99 %.1f ms, max %.1f ms\n",
      ack_ms.size(), backups.size(), locks_held.load(), percentile(0.5), percentile(0.99),
      ack_ms.back());
  EXPECT_EQ(statuses.size(), 1u);
  EXPECT_GT(statuses[200], 100);
  EXPECT_GE(locks_held.load(), 3);
  ASSERT_GE(backups.size(), 2u);
  long long journaled_before = 0;  // each copy is a later snapshot than the one before
  for (std::size_t i = 0; i < backups.size(); ++i) {
    EXPECT_EQ(backup_status[i], 0) << backups[i];
    EXPECT_EQ(query(backups[i], "PRAGMA integrity_check"), "ok") << backups[i];
    const long long journaled =
        std::stoll(query(backups[i], "SELECT count(*) FROM inbound_journal"));
    EXPECT_GE(journaled, journaled_before) << backups[i];
    journaled_before = journaled;
  }
  EXPECT_GT(journaled_before, 0);

  // Everything acknowledged is answered; then a backup of the settled database equals it.
  ASSERT_TRUE(eventually(
      [&] {
        return count_rows(db, "inbound_journal", "outcome IS NULL OR outcome = 'queued'") == 0 &&
               count_rows(db, "outbox", "state = 'pending'") == 0;
      },
      60s))
      << server->process().log().substr(0, 6000);
  EXPECT_EQ(count_rows(db, "inbound_journal", "outcome <> 'replied'"), 0);
  const fs::path settled = dir / "backups" / "settled.db";
  ASSERT_EQ(run_backup(cli_dir, db, settled), 0);
  const auto live = content_of(db);
  EXPECT_EQ(content_of(settled), live);
  EXPECT_EQ(live.at("inbound_journal"), std::to_string(statuses[200]));
  server->stop_and_check();
  server.reset();

  // The restore drill: the copy as the database of a new server.
  const fs::path restored = make_temp_dir();
  fs::create_directories(restored / "var");
  fs::copy_file(settled, restored / "var" / "madoguchi.db");
  const std::size_t answered_before = line_api.requests_to("/v2/bot/message/reply").size();
  {
    server_under_test again(restored, config, environment);
    EXPECT_EQ(http_call(again.port(), "GET", "/readyz").status, 200u);
    EXPECT_EQ(query(again.database(), "PRAGMA integrity_check"), "ok");
    // A redelivery of an event answered before the backup is recognised: 200, not answered.
    ASSERT_EQ(post_event(again.port(), event_body("b0e0")), 200u);
    ASSERT_EQ(post_event(again.port(), event_body("b0e-new")), 200u);
    ASSERT_TRUE(eventually(
        [&] { return line_api.requests_to("/v2/bot/message/reply").size() == answered_before + 1; },
        20s))
        << again.process().log();
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(line_api.requests_to("/v2/bot/message/reply").size(), answered_before + 1);
    EXPECT_EQ(count_rows(again.database(), "inbound_journal"), statuses[200] + 1);
    again.stop_and_check();
  }
  fs::remove_all(restored);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::testing
