// End to end over loopback: GET /metrics counts a signed webhook by its route pattern, status
// and duration; GET /readyz turns 503, naming the journal, while the database cannot be written
// (a file size limit of 0 set on the running server, a real condition like a full disk), and 200
// again once it can; an empty knowledge base and `[metrics] enabled = false` are honoured.
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* app_secret = "obs-app-secret-77d1";
constexpr const char* page_id = "2222222222";
constexpr const char* sender = "7000000000000042";

// "# HELP …", "# TYPE …", or a sample "name{labels} value" / "name value" with a lower-case
// name and a numeric value. (No std::regex: GCC 12 warns inside it in the sanitizer build.)
bool is_exposition_line(const std::string& text) {
  if (text.starts_with("# HELP ") || text.starts_with("# TYPE ")) {
    return true;
  }
  std::size_t at = 0;
  while (at < text.size() && ((text[at] >= 'a' && text[at] <= 'z') || text[at] == '_')) {
    ++at;
  }
  if (at == 0) {
    return false;
  }
  if (at < text.size() && text[at] == '{') {
    const std::size_t close = text.find('}', at);
    if (close == std::string::npos) {
      return false;
    }
    at = close + 1;
  }
  if (at >= text.size() || text[at] != ' ' || at + 1 == text.size()) {
    return false;
  }
  const std::string value = text.substr(at + 1);
  return value.find_first_not_of("-+0123456789.eInfNa") == std::string::npos;
}

// The value of the sample whose line starts with `series` (name and labels exactly), or -1.
double sample(const std::string& exposition, const std::string& series) {
  const std::string prefix = "\n" + series + " ";
  const std::size_t at = ("\n" + exposition).find(prefix);
  if (at == std::string::npos) {
    return -1;
  }
  return std::stod(exposition.substr(at + prefix.size() - 1));
}

class observability_e2e : public ::testing::Test {
 protected:
  void start(const std::string& extra_config) {
    dir_ = make_temp_dir();
    const test_certificate certificate = make_localhost_certificate();
    write_file(dir_ / "ca.pem", certificate.certificate_pem);
    graph_ = std::make_unique<fake_graph_api>(certificate);
    const std::string config =
        std::string("[server]\nlisten = \"127.0.0.1:0\"\n") + extra_config +
        "[meta]\ngraph_api_base = \"https://localhost:" + std::to_string(graph_->port()) +
        "/v21.0\"\nca_file = \"" + (dir_ / "ca.pem").string() + "\"\n" +
        "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\nmessenger_page_id = \"" + page_id +
        "\"\n";
    server_ = std::make_unique<server_under_test>(
        dir_, config,
        std::map<std::string, std::string>{{"MADOGUCHI_META_APP_SECRET", app_secret},
                                           {"MADOGUCHI_META_VERIFY_TOKEN", "obs-verify-token"},
                                           {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", "EAAGobsToken"}});
  }

  void TearDown() override {
    if (server_) {
      server_->stop_and_check();
    }
    server_.reset();
    graph_.reset();
    fs::remove_all(dir_);
  }

  http_result post_message(const std::string& mid) {
    const std::string body =
        json{{"object", "page"},
             {"entry",
              {{{"id", page_id},
                {"time", now_ms()},
                {"messaging",
                 {{{"sender", {{"id", sender}}},
                   {"recipient", {{"id", page_id}}},
                   {"timestamp", now_ms()},
                   {"message", {{"mid", mid}, {"text", "セミナーの申し込み方法"}}}}}}}}}}
            .dump();
    return http_call(server_->port(), "POST", "/webhook/messenger", body,
                     {{"Content-Type", "application/json"},
                      {"X-Hub-Signature-256", meta_signature(app_secret, body)}});
  }

  std::string scrape() {
    const http_result scraped = http_call(server_->port(), "GET", "/metrics");
    EXPECT_EQ(scraped.status, 200u);
    EXPECT_EQ(scraped.content_type, "text/plain; version=0.0.4; charset=utf-8");
    return scraped.body;
  }

  fs::path dir_;
  std::unique_ptr<fake_graph_api> graph_;
  std::unique_ptr<server_under_test> server_;
};

TEST_F(observability_e2e, a_signed_webhook_is_counted_by_route_status_and_duration) {
  start("");
  const std::string posted = R"(madoguchi_http_requests_total{route="/webhook/messenger",)"
                             R"(method="POST",status="200"})";
  const std::string timed =
      R"(madoguchi_http_request_duration_seconds_count{route="/webhook/messenger"})";
  const std::string before = scrape();
  // Every family is there before anything happened.
  for (const char* family :
       {"madoguchi_http_requests_total", "madoguchi_http_request_duration_seconds",
        "madoguchi_decisions_total", "madoguchi_events_dropped_total", "madoguchi_journal_pending",
        "madoguchi_outbox_depth", "madoguchi_delivery_retries_total", "madoguchi_breaker_open"}) {
    EXPECT_NE(before.find(std::string("# TYPE ") + family + " "), std::string::npos) << family;
  }
  EXPECT_EQ(sample(before, timed), 0);
  EXPECT_EQ(sample(before, "madoguchi_journal_pending"), 0);

  ASSERT_EQ(post_message("m_obs_1").status, 200u);
  ASSERT_EQ(http_call(server_->port(), "GET", "/nowhere/m_obs_1?token=x").status, 404u);

  const std::string after = scrape();
  EXPECT_EQ(sample(after, posted), 1) << after;
  EXPECT_EQ(sample(after, timed), 1) << after;
  EXPECT_EQ(sample(after, R"(madoguchi_http_request_duration_seconds_bucket{)"
                          R"(route="/webhook/messenger",le="+Inf"})"),
            1);
  EXPECT_EQ(sample(after, R"(madoguchi_http_requests_total{route="unmatched",method="GET",)"
                          R"(status="404"})"),
            1);
  // Bounded labels only: no raw path, no query, no sender id, no secret.
  for (const char* leak : {"m_obs_1", "nowhere", "token=x", sender, app_secret}) {
    EXPECT_EQ(after.find(leak), std::string::npos) << leak;
  }
  std::istringstream lines(after);
  for (std::string text; std::getline(lines, text);) {
    EXPECT_TRUE(is_exposition_line(text)) << text;
  }
}

TEST_F(observability_e2e, readyz_is_503_naming_the_journal_while_it_cannot_be_written) {
  start("");
  const http_result ready = http_call(server_->port(), "GET", "/readyz");
  ASSERT_EQ(ready.status, 200u) << ready.body;
  EXPECT_EQ(json::parse(ready.body)["failing"], json::array());

  // Every write of the server now fails with EFBIG, as on a full disk; its open descriptors
  // are affected too (unlike a chmod of the file or its directory).
  server_->process().limit_file_size(0);
  const http_result full = http_call(server_->port(), "GET", "/readyz");
  server_->process().limit_file_size(RLIM_INFINITY);
  EXPECT_EQ(full.status, 503u) << full.body;
  const json body = json::parse(full.body);
  EXPECT_EQ(body["ready"], false);
  EXPECT_EQ(body["failing"], json::array({"journal"}));
  EXPECT_EQ(body["checks"]["journal"]["ok"], false);
  EXPECT_FALSE(body["checks"]["journal"]["fix"].get<std::string>().empty());
  EXPECT_EQ(body["checks"]["knowledge"]["ok"], true);

  // Writable again: ready again, and the journal takes events.
  EXPECT_EQ(http_call(server_->port(), "GET", "/readyz").status, 200u);
  EXPECT_EQ(post_message("m_obs_2").status, 200u);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "platform = 'readiness-probe'"), 0);
}

TEST_F(observability_e2e, an_empty_knowledge_base_is_not_ready_and_metrics_can_be_disabled) {
  start("[storage]\nseed_default = false\n[metrics]\nenabled = false\n");
  const http_result ready = http_call(server_->port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 503u);
  EXPECT_EQ(json::parse(ready.body)["failing"], json::array({"knowledge"})) << ready.body;
  EXPECT_EQ(http_call(server_->port(), "GET", "/metrics").status, 404u);
  EXPECT_EQ(http_call(server_->port(), "GET", "/healthz").status, 200u);
}

}  // namespace
}  // namespace madoguchi::testing
