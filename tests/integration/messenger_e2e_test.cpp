// End to end over loopback: a signed Messenger event reaches the real `madoguchi serve`, and the
// answer goes out through a TLS fake of the Graph API Send endpoint.
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* app_secret = "e2e-app-secret-5f1c";
constexpr const char* verify_token = "e2e-verify-token-9a2b";
constexpr const char* page_token = "EAAGe2ePageToken0123456789";
constexpr const char* page_id = "1111111111";
constexpr const char* instagram_id = "17841400000000";
constexpr const char* registration_link = "http://boostwithfacebookosaka.splashthat.com/";

fs::path make_temp_dir() {
  std::random_device random;
  const fs::path dir = fs::temp_directory_path() / ("madoguchi-e2e-" + std::to_string(random()));
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream(path) << content;
}

// Meta's X-Hub-Signature-256 header, computed here independently of the server's code.
std::string meta_signature(const std::string& secret, const std::string& body) {
  unsigned char digest[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}

std::string message_event(const std::string& object, const std::string& account,
                          const std::string& sender, const std::string& mid,
                          const std::string& text) {
  const nlohmann::json item = {{"sender", {{"id", sender}}},
                               {"recipient", {{"id", account}}},
                               {"timestamp", 1700000000000},
                               {"message", {{"mid", mid}, {"text", text}}}};
  return nlohmann::json{
      {"object", object},
      {"entry", {{{"id", account}, {"time", 1700000000000}, {"messaging", {item}}}}}}
      .dump();
}

std::int64_t count_rows(const fs::path& database, const std::string& where = "1") {
  sqlite3* db = nullptr;
  sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  const std::string sql = "SELECT count(*) FROM inbound_journal WHERE " + where;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  std::int64_t count = -1;
  if (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

// Polls `condition` every 20 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// Starts `madoguchi serve` with a temporary config and database and waits until it listens.
class server_under_test {
 public:
  server_under_test(const fs::path& dir, const std::string& config,
                    const std::map<std::string, std::string>& environment)
      : dir_(dir) {
    write_file(dir / "madoguchi.toml", config);
    process_ = std::make_unique<child_process>(
        MADOGUCHI_BINARY, std::vector<std::string>{"serve", "--config", "madoguchi.toml"},
        environment, dir);
    const std::string line = process_->wait_for_log_line(
        [](const std::string& l) { return l.find("\"event\":\"listening\"") != std::string::npos; },
        30s);
    if (line.empty()) {
      throw std::runtime_error("the server did not start; its log:\n" + process_->log());
    }
    const std::string address = nlohmann::json::parse(line)["address"];
    port_ = static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1)));
  }

  unsigned short port() const { return port_; }
  const child_process& process() const { return *process_; }

  // Stops the server with SIGTERM and checks it shut down cleanly: exit status 0 and no
  // sanitizer report (the test binary cannot see the child's ASan/UBSan findings otherwise).
  void stop_and_check() {
    EXPECT_EQ(process_->stop(), 0) << process_->log();
    const std::string log = process_->log();
    EXPECT_EQ(log.find("Sanitizer"), std::string::npos) << log;
    EXPECT_EQ(log.find("runtime error:"), std::string::npos) << log;
  }
  fs::path database() const { return dir_ / "var" / "madoguchi.db"; }

 private:
  fs::path dir_;
  std::unique_ptr<child_process> process_;
  unsigned short port_ = 0;
};

class messenger_e2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    const test_certificate certificate = make_localhost_certificate();
    write_file(dir_ / "ca.pem", certificate.certificate_pem);
    graph_ = std::make_unique<fake_graph_api>(certificate);
    const std::string config =
        std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
        "[storage]\nsqlite = \"var/madoguchi.db\"\n" +
        "[meta]\ngraph_api_base = \"https://localhost:" + std::to_string(graph_->port()) +
        "/v21.0\"\n" + "ca_file = \"" + (dir_ / "ca.pem").string() + "\"\n" +
        "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\n" + "messenger_page_id = \"" +
        page_id + "\"\n" + "instagram_account_id = \"" + instagram_id + "\"\n";
    server_ = std::make_unique<server_under_test>(
        dir_, config,
        std::map<std::string, std::string>{{"MADOGUCHI_META_APP_SECRET", app_secret},
                                           {"MADOGUCHI_META_VERIFY_TOKEN", verify_token},
                                           {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", page_token}});
  }

  void TearDown() override {
    server_->stop_and_check();
    server_.reset();
    graph_.reset();
    fs::remove_all(dir_);
  }

  http_result post_event(const std::string& body, const std::string& signature) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!signature.empty()) {
      headers["X-Hub-Signature-256"] = signature;
    }
    return http_call(server_->port(), "POST", "/webhook/messenger", body, headers);
  }

  fs::path dir_;
  std::unique_ptr<fake_graph_api> graph_;
  std::unique_ptr<server_under_test> server_;
};

TEST_F(messenger_e2e, verification_echoes_the_challenge_for_the_right_token) {
  const auto ok = http_call(server_->port(), "GET",
                            std::string("/webhook/messenger?hub.mode=subscribe&hub.verify_token=") +
                                verify_token + "&hub.challenge=1158201444");
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.body, "1158201444");
  EXPECT_EQ(ok.content_type.rfind("text/plain", 0), 0u);

  const auto wrong = http_call(server_->port(), "GET",
                               "/webhook/messenger?hub.mode=subscribe&hub.verify_token=guess"
                               "&hub.challenge=1158201444");
  EXPECT_EQ(wrong.status, 403u);
  EXPECT_EQ(wrong.body.find("1158201444"), std::string::npos);
}

TEST_F(messenger_e2e, unsigned_or_badly_signed_events_are_refused_and_nothing_is_stored_or_sent) {
  const std::string body = message_event("page", page_id, "PSID-1", "m_unsigned",
                                         "セミナーの申し込み方法を教えてください");
  EXPECT_EQ(post_event(body, "").status, 401u);
  EXPECT_EQ(post_event(body, meta_signature("not-the-secret", body)).status, 403u);
  EXPECT_EQ(post_event(body, "sha256=zz").status, 403u);
  // The right signature over different bytes must fail too.
  EXPECT_EQ(post_event(body + " ", meta_signature(app_secret, body)).status, 403u);

  std::this_thread::sleep_for(1s);
  EXPECT_TRUE(graph_->requests().empty());
  EXPECT_EQ(count_rows(server_->database()), 0);
}

TEST_F(messenger_e2e, a_signed_question_is_answered_with_the_registration_link) {
  const std::string body = message_event("page", page_id, "PSID-1", "m_seminar_1",
                                         "セミナーの申し込み方法を教えてください");
  const auto ack = post_event(body, meta_signature(app_secret, body));
  EXPECT_EQ(ack.status, 200u);
  EXPECT_EQ(ack.body, "EVENT_RECEIVED");

  ASSERT_TRUE(graph_->wait_for_requests(1, 20s)) << server_->process().log();
  const recorded_request sent = graph_->requests().front();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target.rfind("/v21.0/me/messages?", 0), 0u) << sent.target;
  EXPECT_NE(sent.target.find(std::string("access_token=") + page_token), std::string::npos);
  const auto message = nlohmann::json::parse(sent.body);
  EXPECT_EQ(message["recipient"]["id"], "PSID-1");
  EXPECT_EQ(message["messaging_type"], "RESPONSE");
  EXPECT_NE(sent.body.find(registration_link), std::string::npos) << sent.body;

  // The journal records the outcome once the reply is sent.
  EXPECT_TRUE(
      eventually([&] { return count_rows(server_->database(), "outcome = 'replied'") == 1; }, 10s))
      << server_->process().log();
}

TEST_F(messenger_e2e, every_entry_of_a_batch_is_answered_once_even_when_redelivered) {
  nlohmann::json batch = {{"object", "page"}, {"entry", nlohmann::json::array()}};
  for (const auto& [mid, sender] : {std::pair{"m_batch_a", "PSID-A"}, {"m_batch_b", "PSID-B"}}) {
    batch["entry"].push_back(nlohmann::json::parse(
        message_event("page", page_id, sender, mid, "インスタって何歳から使えますか"))["entry"][0]);
  }
  // An echo of the page's own message and a delivery receipt: never answered.
  batch["entry"][0]["messaging"].push_back(
      {{"sender", {{"id", page_id}}},
       {"recipient", {{"id", "PSID-A"}}},
       {"message", {{"mid", "m_echo"}, {"is_echo", true}, {"text", "echo"}}}});
  batch["entry"][0]["messaging"].push_back(
      {{"sender", {{"id", "PSID-A"}}}, {"delivery", {{"watermark", 1700000000000}}}});
  const std::string body = batch.dump();
  const std::string signature = meta_signature(app_secret, body);
  EXPECT_EQ(post_event(body, signature).status, 200u);
  EXPECT_EQ(post_event(body, signature).status, 200u);  // Meta redelivers: same mids

  ASSERT_TRUE(graph_->wait_for_requests(2, 20s)) << server_->process().log();
  std::this_thread::sleep_for(1500ms);
  const auto sent = graph_->requests();
  ASSERT_EQ(sent.size(), 2u);
  std::set<std::string> recipients;
  for (const recorded_request& r : sent) {
    recipients.insert(nlohmann::json::parse(r.body)["recipient"]["id"].get<std::string>());
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"PSID-A", "PSID-B"}));
  EXPECT_EQ(count_rows(server_->database()), 2);
}

TEST_F(messenger_e2e, an_instagram_question_is_answered_through_the_same_send_api) {
  const std::string body =
      message_event("instagram", instagram_id, "IGSID-7", "ig_m_1", "セミナー 申し込み方法");
  EXPECT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  ASSERT_TRUE(graph_->wait_for_requests(1, 20s)) << server_->process().log();
  EXPECT_EQ(nlohmann::json::parse(graph_->requests().front().body)["recipient"]["id"], "IGSID-7");
}

TEST_F(messenger_e2e, secrets_and_sender_ids_never_reach_the_log) {
  const std::string body = message_event("page", page_id, "PSID-SECRET-42", "m_privacy",
                                         "セミナーの申し込み方法を教えてください");
  post_event(body, meta_signature(app_secret, body));
  http_call(server_->port(), "GET",
            std::string("/webhook/messenger?hub.mode=subscribe&hub.verify_token=") + verify_token +
                "&hub.challenge=1");
  ASSERT_TRUE(graph_->wait_for_requests(1, 20s));
  server_->process().wait_for_log_line(
      [](const std::string& l) { return l.find("message_handled") != std::string::npos; }, 10s);
  const std::string log = server_->process().log();
  for (const std::string secret : {app_secret, verify_token, page_token, "PSID-SECRET-42"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(log.find(meta_signature(app_secret, body).substr(7)), std::string::npos);
}

TEST(messenger_unconfigured, the_endpoint_says_so_and_health_still_works) {
  const fs::path dir = make_temp_dir();
  {
    server_under_test server(dir, "[server]\nlisten = \"127.0.0.1:0\"\n", {});
    const auto post = http_call(server.port(), "POST", "/webhook/messenger", "{}");
    EXPECT_EQ(post.status, 503u);
    EXPECT_NE(post.body.find("not configured"), std::string::npos);
    EXPECT_NE(post.body.find("MADOGUCHI_META_APP_SECRET"), std::string::npos);
    EXPECT_EQ(http_call(server.port(), "GET", "/webhook/messenger?hub.mode=subscribe").status,
              503u);
    EXPECT_EQ(http_call(server.port(), "GET", "/healthz").status, 200u);
    const auto ready = http_call(server.port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200u);
    EXPECT_EQ(nlohmann::json::parse(ready.body)["ready"], true);
    EXPECT_EQ(http_call(server.port(), "GET", "/nowhere").status, 404u);
    server.stop_and_check();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::testing
