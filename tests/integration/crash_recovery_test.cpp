// Crash recovery (reliability.md matrix row 14): the real `madoguchi serve` is killed with
// SIGKILL at random moments while LINE events stream in, round after round. Every event that got
// its 200 must be decided once and answered exactly once in the end: the journal replays what was
// acknowledged, the outbox resumes what was decided, and LINE's retry key (enforced by the fake,
// as LINE does) stops a push that was sent just before a crash from arriving twice.
//
// The same with room for only two events in memory, so that most events wait in the journal and
// are read back from it. MADOGUCHI_CRASH_ROUNDS sets the number of rounds (default 200; a
// quarter of them for the second test).
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* channel_secret = "crash-line-secret-77";
constexpr const char* access_token = "crash-line-token-42";

// The end of a long log: what the server was doing when the test gave up.
std::string tail_of(const std::string& log, std::size_t characters) {
  return log.size() <= characters ? log : log.substr(log.size() - characters);
}

int rounds() {
  const char* configured = std::getenv("MADOGUCHI_CRASH_ROUNDS");
  return configured != nullptr ? std::max(1, std::atoi(configured)) : 200;
}

// A LINE text event whose reply token is already stale, so the answer is pushed (with its retry
// key) rather than replied: the path on which LINE allows exactly-once.
std::string event_body(const std::string& id) {
  return line_text_event_body(id, "stale-" + id, now_ms() - 120'000, "セミナーの日程");
}

// SIGKILLs `total_rounds` times while two lanes send events, restarts, and checks that every
// acknowledged event was decided once and answered exactly once. `extra_config` is appended to
// the server's config.
void check_exactly_once_across_sigkills(int total_rounds, const std::string& extra_config) {
  const fs::path dir = make_temp_dir();
  const test_certificate certificate = make_localhost_certificate();
  write_file(dir / "ca.pem", certificate.certificate_pem);
  fake_graph_api line_api(certificate);
  line_api.accept_each_retry_key_once();
  const std::string config = line_only_config(dir / "ca.pem", line_api.port()) + extra_config;
  const std::map<std::string, std::string> environment = {
      {"MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF", channel_secret},
      {"MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF", access_token}};

  std::mt19937 random(20261202);
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::size_t sent = 0;
  for (int round = 0; round < total_rounds; ++round) {
    server_under_test server(dir, config, environment);
    std::atomic<bool> crashed{false};
    std::vector<std::thread> senders;
    for (int lane = 0; lane < 2; ++lane) {
      senders.emplace_back([&, lane] {
        for (int i = 0; !crashed; ++i) {
          const std::string id =
              "r" + std::to_string(round) + "l" + std::to_string(lane) + "e" + std::to_string(i);
          const std::string body = event_body(id);
          unsigned status = 0;  // 0: the connection broke (the crash)
          try {
            status = http_call(server.port(), "POST", "/webhook/line/osaka-pref", body,
                               {{"Content-Type", "application/json"},
                                {"X-Line-Signature", line_signature(channel_secret, body)}})
                         .status;
          } catch (const std::exception&) {
          }
          const std::lock_guard lock(mutex);
          ++sent;
          if (status == 200) {
            acknowledged.insert("U" + id);
          }
        }
      });
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 300)(random)));
    server.crash();
    crashed = true;
    for (std::thread& t : senders) {
      t.join();
    }
  }

  // The last start replays the journal and resumes the outbox; then everything settles.
  server_under_test server(dir, config, environment);
  const fs::path db = server.database();
  ASSERT_TRUE(eventually(
      [&] {
        return count_rows(db, "inbound_journal", "outcome IS NULL OR outcome = 'queued'") == 0 &&
               count_rows(db, "outbox", "state = 'pending'") == 0;
      },
      60s))
      << tail_of(server.process().log(), 8000);
  server.stop_and_check();

  std::map<std::string, int> delivered;  // per person: pushes the fake accepted
  for (const recorded_request& push : line_api.requests_to("/v2/bot/message/push")) {
    if (push.answered == 200) {
      ++delivered[json::parse(push.body)["to"].get<std::string>()];
    }
  }
  std::size_t missing = 0, twice = 0;
  for (const std::string& person : acknowledged) {
    const auto found = delivered.find(person);
    missing += found == delivered.end() ? 1 : 0;
    twice += found != delivered.end() && found->second > 1 ? 1 : 0;
  }
  std::printf(
      "crash recovery: %d SIGKILLs, %zu events sent, %zu acknowledged, %zu pushes "
      "accepted, %zu retried pushes refused as duplicates (409)\n",
      total_rounds, sent, acknowledged.size(), delivered.size(),
      line_api.requests_to("/v2/bot/message/push").size() - delivered.size());
  EXPECT_GT(acknowledged.size(), static_cast<std::size_t>(total_rounds));
  EXPECT_EQ(missing, 0u);
  EXPECT_EQ(twice, 0u);
  // Decided once: every journaled event has one outbox message, none decided twice.
  EXPECT_EQ(count_rows(db, "outbox",
                       "journal_id IN (SELECT journal_id FROM outbox GROUP BY "
                       "journal_id HAVING count(*) > 1)"),
            0);
  EXPECT_EQ(count_rows(db, "inbound_journal", "outcome <> 'pushed'"), 0);
  fs::remove_all(dir);
}

TEST(crash_recovery, every_acknowledged_event_is_answered_exactly_once_across_sigkills) {
  check_exactly_once_across_sigkills(rounds(), "");
}

// With room for two events in memory, nearly every event waits in the journal and is read back
// from it (and every restart starts behind): still each is decided once and answered once.
TEST(crash_recovery, events_that_wait_in_the_journal_are_answered_exactly_once_across_sigkills) {
  check_exactly_once_across_sigkills(std::max(1, rounds() / 4),
                                     "[delivery]\nevents_in_memory = 2\n");
}

}  // namespace
}  // namespace madoguchi::testing
