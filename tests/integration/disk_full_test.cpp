// A full disk (reliability.md matrix row 16), as SQLite reports it: the database may not grow past
// [storage] max_megabytes, so the journal write fails with SQLITE_FULL. Webhooks must then get
// 503 (the platform retries), /readyz must say so, nothing acknowledged may be lost, and the file
// must stay intact: after a restart with room, every acknowledged event is answered and
// `PRAGMA integrity_check` is ok. (/readyz probes with a small write, which may still fit while a
// large delivery does not: observability_e2e_test covers it on a journal that cannot be written.)
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* app_secret = "disk-full-secret-31";
constexpr const char* page_id = "3333333333";

std::string config_with_limit(const fs::path& dir, unsigned short api_port, unsigned megabytes) {
  return std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
         "[storage]\nsqlite = \"var/madoguchi.db\"\nmax_megabytes = " + std::to_string(megabytes) +
         "\n" + "[meta]\ngraph_api_base = \"https://localhost:" + std::to_string(api_port) +
         "/v21.0\"\nca_file = \"" + (dir / "ca.pem").string() + "\"\n" +
         "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\nmessenger_page_id = \"" + page_id +
         "\"\n";
}

// One webhook delivery with `count` questions of about 1 KB each, from senders PSID-<batch>-<i>.
std::string batch_body(int batch, int count) {
  json messaging = json::array();
  const std::string long_question =
      "セミナーの申し込み方法を教えてください。" + std::string(900, 'x');
  for (int i = 0; i < count; ++i) {
    const std::string id = std::to_string(batch) + "-" + std::to_string(i);
    messaging.push_back({{"sender", {{"id", "PSID-" + id}}},
                         {"recipient", {{"id", page_id}}},
                         {"timestamp", now_ms()},
                         {"message", {{"mid", "m_" + id}, {"text", long_question}}}});
  }
  return json{{"object", "page"},
              {"entry", {{{"id", page_id}, {"time", now_ms()}, {"messaging", messaging}}}}}
      .dump();
}

std::string integrity(const fs::path& database) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* check = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
    result = sqlite3_step(check) == SQLITE_ROW
                 ? reinterpret_cast<const char*>(sqlite3_column_text(check, 0))
                 : "no result";
    sqlite3_finalize(check);
  }
  sqlite3_close(db);
  return result;
}

TEST(disk_full, a_full_database_answers_503_loses_nothing_acknowledged_and_recovers) {
  const fs::path dir = make_temp_dir();
  const test_certificate certificate = make_localhost_certificate();
  write_file(dir / "ca.pem", certificate.certificate_pem);
  fake_graph_api graph(certificate);
  const std::map<std::string, std::string> environment = {
      {"MADOGUCHI_META_APP_SECRET", app_secret},
      {"MADOGUCHI_META_VERIFY_TOKEN", "disk-full-verify"},
      {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", "EAAGdiskfulltoken"}};
  // First start: seed the database, and learn its size.
  std::unique_ptr<server_under_test> server = std::make_unique<server_under_test>(
      dir, config_with_limit(dir, graph.port(), 0), environment);
  server->stop_and_check();
  const auto seeded = fs::file_size(server->database());
  const unsigned limit = static_cast<unsigned>(seeded / (1024 * 1024)) + 1;
  server = std::make_unique<server_under_test>(dir, config_with_limit(dir, graph.port(), limit),
                                               environment);

  int acknowledged_batches = 0;
  unsigned refused_status = 0;
  std::string refused_body;
  for (int batch = 0; batch < 40 && refused_status == 0; ++batch) {
    const std::string body = batch_body(batch, 200);
    const http_result result =
        http_call(server->port(), "POST", "/webhook/messenger", body,
                  {{"Content-Type", "application/json"},
                   {"X-Hub-Signature-256", meta_signature(app_secret, body)}});
    if (result.status == 200) {
      ++acknowledged_batches;
    } else {
      refused_status = result.status;
      refused_body = result.body;
    }
  }
  ASSERT_EQ(refused_status, 503u) << "the limit of " << limit << " MB was never reached";
  EXPECT_NE(refused_body.find("retry later"), std::string::npos) << refused_body;
  EXPECT_GT(acknowledged_batches, 0);
  EXPECT_NE(server->process().log().find("journal_write_failed"), std::string::npos);
  server->stop_and_check();
  EXPECT_EQ(integrity(server->database()), "ok");

  // Room again: every acknowledged event is there and gets its answer.
  server = std::make_unique<server_under_test>(dir, config_with_limit(dir, graph.port(), 0),
                                               environment);
  const fs::path db = server->database();
  const std::int64_t expected = acknowledged_batches * 200;
  ASSERT_TRUE(eventually(
      [&] {
        return count_rows(db, "inbound_journal", "outcome = 'replied'") == expected &&
               count_rows(db, "outbox", "state = 'pending'") == 0;
      },
      120s))
      << count_rows(db, "inbound_journal", "outcome = 'replied'") << " of " << expected
      << " answered";
  EXPECT_EQ(count_rows(db, "inbound_journal"), expected);  // the refused batch left nothing
  server->stop_and_check();
  EXPECT_EQ(integrity(db), "ok");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::testing
