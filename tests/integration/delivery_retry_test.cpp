// The outbox under upstream faults (reliability.md matrix rows 4 and 18–22), end to end over
// loopback: the real `madoguchi serve` against a TLS fake of the Graph API and the LINE API that
// fails on command. Every answer must arrive once, after the fault clears, after a restart too;
// answers the platform refuses for good become dead letters without retries.
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* app_secret = "retry-app-secret-51f0";
constexpr const char* page_token = "EAAGretryPageToken987";
constexpr const char* page_id = "2222222222";
constexpr const char* channel_secret = "retry-line-secret-0c1d";
constexpr const char* line_token = "retry-line-token-8e8e";
constexpr const char* question = "セミナーの申し込み方法を教えてください";

// Meta's body for a temporary failure (code 2: "temporary issue due to downtime").
constexpr const char* meta_down =
    R"({"error":{"message":"Service temporarily unavailable","code":2}})";

class delivery_retry : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    const test_certificate certificate = make_localhost_certificate();
    write_file(dir_ / "ca.pem", certificate.certificate_pem);
    api_ = std::make_unique<fake_graph_api>(certificate);
    const std::string base = "https://localhost:" + std::to_string(api_->port());
    // Short waits so that a fault of a few seconds sees several retries and the breaker.
    config_ = std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
              "[storage]\nsqlite = \"var/madoguchi.db\"\n" + "[meta]\ngraph_api_base = \"" + base +
              "/v21.0\"\nca_file = \"" + (dir_ / "ca.pem").string() + "\"\n" +
              "[line]\napi_base = \"" + base + "\"\n" +
              "[delivery]\nretry_base_ms = 100\nretry_cap_seconds = 1\nbreaker_failures = 3\n"
              "breaker_cooldown_seconds = 1\n" +
              "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\nmessenger_page_id = \"" +
              page_id + "\"\n";
    environment_ = {{"MADOGUCHI_META_APP_SECRET", app_secret},
                    {"MADOGUCHI_META_VERIFY_TOKEN", "retry-verify"},
                    {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", page_token},
                    {"MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF", channel_secret},
                    {"MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF", line_token}};
    start();
  }

  void TearDown() override {
    if (server_) {
      server_->stop_and_check();
    }
    server_.reset();
    api_.reset();
    fs::remove_all(dir_);
  }

  void start() { server_ = std::make_unique<server_under_test>(dir_, config_, environment_); }

  // Posts a signed question and expects 200.
  void post_question(const std::string& sender, const std::string& mid) {
    const std::string body = json{{"object", "page"},
                                  {"entry",
                                   {{{"id", page_id},
                                     {"time", now_ms()},
                                     {"messaging",
                                      {{{"sender", {{"id", sender}}},
                                        {"recipient", {{"id", page_id}}},
                                        {"timestamp", now_ms()},
                                        {"message", {{"mid", mid}, {"text", question}}}}}}}}}}
                                 .dump();
    const http_result result =
        http_call(server_->port(), "POST", "/webhook/messenger", body,
                  {{"Content-Type", "application/json"},
                   {"X-Hub-Signature-256", meta_signature(app_secret, body)}});
    ASSERT_EQ(result.status, 200u) << result.body;
  }

  // Answers (not sender actions) the fake accepted, per recipient.
  std::map<std::string, int> accepted_answers() const {
    std::map<std::string, int> per_recipient;
    for (const recorded_request& r : api_->requests_to("/me/messages")) {
      const json body = json::parse(r.body);
      if (r.answered == 200 && body.contains("message")) {
        ++per_recipient[body["recipient"]["id"].get<std::string>()];
      }
    }
    return per_recipient;
  }

  std::size_t answer_attempts() const {
    std::size_t count = 0;
    for (const recorded_request& r : api_->requests_to("/me/messages")) {
      count += json::parse(r.body).contains("message") ? 1 : 0;
    }
    return count;
  }

  // True when a log line of event `name` holds `fragment`, e.g. "\"state\":\"open\"".
  bool logged(std::string_view name, std::string_view fragment) const {
    const std::string log = server_->process().log();
    const std::string tag = "\"" + std::string(name) + "\"";
    for (std::size_t at = log.find(tag); at != std::string::npos; at = log.find(tag, at + 1)) {
      const std::size_t begin = log.rfind('\n', at) + 1;
      const std::size_t end = std::min(log.find('\n', at), log.size());
      const std::string_view line(log.data() + begin, end - begin);
      if (line.find(fragment) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }

  std::int64_t outbox(const std::string& where) const {
    return count_rows(server_->database(), "outbox", where);
  }

  fs::path dir_;
  std::string config_;
  std::map<std::string, std::string> environment_;
  std::unique_ptr<fake_graph_api> api_;
  std::unique_ptr<server_under_test> server_;
};

TEST_F(delivery_retry, an_outage_of_the_send_api_delays_answers_but_loses_and_repeats_none) {
  api_->respond("/me/messages", 500, meta_down);
  for (int i = 0; i < 5; ++i) {
    post_question("PSID-OUT-" + std::to_string(i), "m_out_" + std::to_string(i));
  }
  // While it is down: retried, none accepted, the answers wait in the outbox.
  ASSERT_TRUE(eventually([&] { return answer_attempts() >= 10; }, 20s)) << server_->process().log();
  EXPECT_TRUE(accepted_answers().empty());
  EXPECT_EQ(outbox("state = 'pending'"), 5);
  EXPECT_NE(server_->process().log().find("\"breaker\":\"open\""), std::string::npos)
      << server_->process().log();
  std::this_thread::sleep_for(3s);
  api_->recover();
  ASSERT_TRUE(eventually([&] { return outbox("state = 'sent'") == 5; }, 20s))
      << server_->process().log();
  const auto accepted = accepted_answers();
  ASSERT_EQ(accepted.size(), 5u);
  for (const auto& [recipient, count] : accepted) {
    EXPECT_EQ(count, 1) << recipient;
  }
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'replied'"), 5);
  // Retried; some may have waited out the outage behind the open breaker, not retrying at all.
  EXPECT_GE(outbox("attempts > 1"), 1);
}

TEST_F(delivery_retry, retry_after_of_a_429_is_honoured) {
  api_->respond(
      "/me/messages", 429,
      R"({"error":{"message":"Calls to this api have exceeded the rate limit.","code":613}})",
      {{"Retry-After", "2"}});
  post_question("PSID-429", "m_429");
  ASSERT_TRUE(eventually([&] { return answer_attempts() >= 1; }, 20s)) << server_->process().log();
  api_->recover();
  ASSERT_TRUE(eventually([&] { return outbox("state = 'sent'") == 1; }, 20s))
      << server_->process().log();
  std::vector<recorded_request> answers;
  for (const recorded_request& r : api_->requests_to("/me/messages")) {
    if (json::parse(r.body).contains("message")) {
      answers.push_back(r);
    }
  }
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_GE(answers[1].at - answers[0].at, 1900ms);  // not the 100 ms backoff
}

TEST_F(delivery_retry, an_answer_refused_for_good_is_a_dead_letter_and_not_retried) {
  api_->respond(
      "/me/messages", 400,
      R"({"error":{"message":"(#551) This person isn't available right now.","code":551}})");
  post_question("PSID-GONE", "m_gone");
  ASSERT_TRUE(eventually([&] { return outbox("state = 'dead'") == 1; }, 20s))
      << server_->process().log();
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(answer_attempts(), 1u);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'undeliverable'"), 1);
  EXPECT_NE(server_->process().log().find("reply_undeliverable"), std::string::npos);
}

TEST_F(delivery_retry, answers_still_in_the_outbox_are_sent_once_after_a_restart) {
  api_->respond("/me/messages", 503, meta_down);
  post_question("PSID-RESTART", "m_restart");
  ASSERT_TRUE(eventually([&] { return outbox("attempts >= 1 AND state = 'pending'") == 1; }, 20s))
      << server_->process().log();
  server_->stop_and_check();
  api_->recover();
  start();
  ASSERT_TRUE(eventually([&] { return outbox("state = 'sent'") == 1; }, 20s))
      << server_->process().log();
  EXPECT_EQ(accepted_answers().at("PSID-RESTART"), 1);
  // The question itself was not decided again: one journal row, one answer in the outbox.
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 1);
  EXPECT_EQ(outbox("1"), 1);
}

// Row 4: a redelivery that arrives while the first copy is still being answered (here behind a
// slow Send API) is acknowledged at once, dropped as a duplicate and counted, not handled again.
TEST_F(delivery_retry, a_redelivery_during_a_slow_answer_is_acknowledged_and_not_handled_again) {
  api_->delay("/me/messages", 2s);
  post_question("PSID-SLOW", "m_slow");
  ASSERT_TRUE(api_->wait_for_requests(1, 10s)) << server_->process().log();
  for (int copy = 0; copy < 3; ++copy) {
    post_question("PSID-SLOW", "m_slow");
  }
  // Every copy got its 200 while the first was still being answered (three calls of 2 s each).
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'replied'"), 0);
  ASSERT_TRUE(eventually([&] { return outbox("state = 'sent'") == 1; }, 30s))
      << server_->process().log();
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 1);
  EXPECT_EQ(answer_attempts(), 1u);
  EXPECT_EQ(accepted_answers().at("PSID-SLOW"), 1);
  const http_result metrics = http_call(server_->port(), "GET", "/metrics", "", {});
  EXPECT_NE(metrics.body.find("madoguchi_events_dropped_total{reason=\"duplicate\"} 3\n"),
            std::string::npos)
      << metrics.body;
}

// Row 21: an upstream that accepts connections and never answers. Each call gives up at the
// client's 10 s timeout, the failures open the breaker, webhooks are acknowledged meanwhile as
// if nothing were wrong, and once the upstream answers again a probe closes the breaker and
// every answer is delivered once.
TEST_F(delivery_retry, an_upstream_that_hangs_times_out_and_opens_the_breaker_not_slowing_acks) {
  api_->hang("/me/messages");
  for (int i = 0; i < 3; ++i) {
    post_question("PSID-HANG-" + std::to_string(i), "m_hang_" + std::to_string(i));
  }
  ASSERT_TRUE(api_->wait_for_requests(3, 10s)) << server_->process().log();
  const auto hung_at = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {  // acknowledged while every upstream call hangs
    post_question("PSID-WAIT-" + std::to_string(i), "m_wait_" + std::to_string(i));
  }
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 8);
  ASSERT_TRUE(eventually([&] { return logged("breaker_changed", "\"state\":\"open\""); }, 30s))
      << server_->process().log();
  // Not before the client's timeout: the calls did hang, and were not cut short.
  EXPECT_GE(std::chrono::steady_clock::now() - hung_at, 9s);
  EXPECT_TRUE(accepted_answers().empty());
  api_->recover();
  ASSERT_TRUE(eventually([&] { return outbox("state = 'sent'") == 8; }, 40s))
      << server_->process().log();
  EXPECT_TRUE(logged("breaker_changed", "\"state\":\"half_open\""));
  EXPECT_TRUE(logged("breaker_changed", "\"state\":\"closed\""));
  const auto accepted = accepted_answers();
  ASSERT_EQ(accepted.size(), 8u);
  for (const auto& [recipient, count] : accepted) {
    EXPECT_EQ(count, 1) << recipient;
  }
  const http_result metrics = http_call(server_->port(), "GET", "/metrics", "", {});
  EXPECT_NE(metrics.body.find("madoguchi_breaker_open{upstream=\"meta\"} 0\n"), std::string::npos)
      << metrics.body;
}

TEST_F(delivery_retry, line_pushes_are_retried_with_the_same_retry_key) {
  api_->respond("/v2/bot/message/reply", 400, R"({"message":"Invalid reply token"})");
  api_->respond("/v2/bot/message/push", 500, R"({"message":"Internal error"})");
  const std::string body =
      json{{"destination", "Ubot"},
           {"events",
            {{{"type", "message"},
              {"mode", "active"},
              {"timestamp", now_ms()},
              {"source", {{"type", "user"}, {"userId", "Uretry"}}},
              {"webhookEventId", "01HRETRY0001"},
              {"deliveryContext", {{"isRedelivery", false}}},
              {"replyToken", "reply-token-retry"},
              {"message", {{"id", "4001"}, {"type", "text"}, {"text", question}}}}}}}
          .dump();
  ASSERT_EQ(http_call(server_->port(), "POST", "/webhook/line/osaka-pref", body,
                      {{"Content-Type", "application/json"},
                       {"X-Line-Signature", line_signature(channel_secret, body)}})
                .status,
            200u);
  server_->forbid_in_log("Uretry");
  ASSERT_TRUE(
      eventually([&] { return api_->requests_to("/v2/bot/message/push").size() >= 3; }, 20s))
      << server_->process().log();
  api_->recover();
  ASSERT_TRUE(eventually([&] { return outbox("state = 'sent'") == 1; }, 20s))
      << server_->process().log();
  const auto pushes = api_->requests_to("/v2/bot/message/push");
  for (const recorded_request& push : pushes) {
    EXPECT_EQ(push.headers.at("X-Line-Retry-Key"), pushes.front().headers.at("X-Line-Retry-Key"));
  }
  EXPECT_EQ(pushes.back().answered, 200u);
  // The reply token was tried once only: it is good for one call.
  EXPECT_EQ(api_->requests_to("/v2/bot/message/reply").size(), 1u);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'pushed'"), 1);
}

}  // namespace
}  // namespace madoguchi::testing
