// End to end over loopback: signed Messenger and Instagram events reach the real `madoguchi
// serve`, and the answers, sender actions and Handover Protocol calls go out through a TLS fake
// of the Graph API.
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <set>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* app_secret = "e2e-app-secret-5f1c";
constexpr const char* verify_token = "e2e-verify-token-9a2b";
constexpr const char* page_token = "EAAGe2ePageToken0123456789";
constexpr const char* page_id = "1111111111";
constexpr const char* instagram_id = "17841400000000";
constexpr const char* registration_link = "http://boostwithfacebookosaka.splashthat.com/";
constexpr std::int64_t page_inbox_app_id = 263902037430900;
constexpr std::int64_t instagram_inbox_app_id = 1217981644879628;

// A webhook body with one messaging (or standby) item.
std::string webhook_body(const std::string& object, const std::string& account, json item,
                         bool standby = false) {
  item["timestamp"] = now_ms();
  return json{
      {"object", object},
      {"entry",
       {{{"id", account}, {"time", now_ms()}, {standby ? "standby" : "messaging", {item}}}}}}
      .dump();
}

std::string message_event(const std::string& object, const std::string& account,
                          const std::string& sender, const std::string& mid,
                          const std::string& text) {
  return webhook_body(object, account,
                      {{"sender", {{"id", sender}}},
                       {"recipient", {{"id", account}}},
                       {"message", {{"mid", mid}, {"text", text}}}});
}

// The standard output of a shell command.
std::string command_output(const std::string& command) {
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      output.append(buffer, n);
    }
    pclose(pipe);
  }
  return output;
}

class messenger_e2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    const test_certificate certificate = make_localhost_certificate();
    write_file(dir_ / "ca.pem", certificate.certificate_pem);
    graph_ = std::make_unique<fake_graph_api>(certificate);
    config_ = std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
              "[storage]\nsqlite = \"var/madoguchi.db\"\n" +
              "[meta]\ngraph_api_base = \"https://localhost:" + std::to_string(graph_->port()) +
              "/v21.0\"\n" + "ca_file = \"" + (dir_ / "ca.pem").string() + "\"\n" +
              "[delivery]\ntyping_after_ms = 300\n" +  // short: the slow path in a test's time
              "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\n" + "messenger_page_id = \"" +
              page_id + "\"\n" + "instagram_account_id = \"" + instagram_id + "\"\n";
    environment_ = {{"MADOGUCHI_META_APP_SECRET", app_secret},
                    {"MADOGUCHI_META_VERIFY_TOKEN", verify_token},
                    {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", page_token}};
    server_ = std::make_unique<server_under_test>(dir_, config_, environment_);
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

  // Posts one signed Page webhook item and expects the 200.
  void post_item(json item, bool standby = false) {
    const std::string body = webhook_body("page", page_id, std::move(item), standby);
    ASSERT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  }

  void post_text(const std::string& sender, const std::string& mid, const std::string& text,
                 bool standby = false) {
    post_item({{"sender", {{"id", sender}}},
               {"recipient", {{"id", page_id}}},
               {"message", {{"mid", mid}, {"text", text}}}},
              standby);
  }

  // Send API calls that carry a message (not sender actions).
  std::vector<recorded_request> messages() const {
    std::vector<recorded_request> found;
    for (recorded_request& r : graph_->requests_to("/me/messages")) {
      if (json::parse(r.body).contains("message")) {
        found.push_back(std::move(r));
      }
    }
    return found;
  }

  bool wait_for_messages(std::size_t count) const {
    return eventually([&] { return messages().size() >= count; }, 20s);
  }

  // Waits until the server has handled `count` events in all (the journal says so).
  bool wait_for_handled(std::int64_t count) const {
    return eventually(
        [&] {
          // "queued": decided, its answer still in the outbox.
          return count_rows(server_->database(), "inbound_journal",
                            "outcome IS NOT NULL AND outcome <> 'queued'") >= count;
        },
        20s);
  }

  fs::path dir_;
  std::string config_;
  std::map<std::string, std::string> environment_;
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

TEST_F(messenger_e2e, serve_warns_at_start_when_the_meta_app_id_is_missing) {
  // This server has the app secret and the verify token but no [meta] app_id: its own echoes are
  // then told only by their metadata, which an operator should know.
  const std::string log = server_->process().log();
  EXPECT_NE(log.find("meta_app_id_missing"), std::string::npos) << log;
  EXPECT_NE(log.find("[meta] app_id"), std::string::npos) << log;
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
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 0);
}

TEST_F(messenger_e2e, a_signed_question_is_answered_with_the_registration_link) {
  const std::string body = message_event("page", page_id, "PSID-1", "m_seminar_1",
                                         "セミナーの申し込み方法を教えてください");
  const auto ack = post_event(body, meta_signature(app_secret, body));
  EXPECT_EQ(ack.status, 200u);
  EXPECT_EQ(ack.body, "EVENT_RECEIVED");

  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  const recorded_request sent = messages().front();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target.rfind("/v21.0/me/messages?", 0), 0u) << sent.target;
  EXPECT_NE(sent.target.find(std::string("access_token=") + page_token), std::string::npos);
  const auto message = nlohmann::json::parse(sent.body);
  EXPECT_EQ(message["recipient"]["id"], "PSID-1");
  EXPECT_EQ(message["messaging_type"], "RESPONSE");
  EXPECT_NE(sent.body.find(registration_link), std::string::npos) << sent.body;

  // The journal records the outcome once the reply is sent.
  EXPECT_TRUE(eventually(
      [&] {
        return count_rows(server_->database(), "inbound_journal", "outcome = 'replied'") == 1;
      },
      10s))
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
       {"message",
        {{"mid", "m_echo"}, {"is_echo", true}, {"metadata", "madoguchi"}, {"text", "echo"}}}});
  batch["entry"][0]["messaging"].push_back(
      {{"sender", {{"id", "PSID-A"}}}, {"delivery", {{"watermark", 1700000000000}}}});
  const std::string body = batch.dump();
  const std::string signature = meta_signature(app_secret, body);
  EXPECT_EQ(post_event(body, signature).status, 200u);
  EXPECT_EQ(post_event(body, signature).status, 200u);  // Meta redelivers: same mids

  ASSERT_TRUE(wait_for_messages(2)) << server_->process().log();
  std::this_thread::sleep_for(1500ms);
  const auto sent = messages();
  ASSERT_EQ(sent.size(), 2u);
  std::set<std::string> recipients;
  for (const recorded_request& r : sent) {
    recipients.insert(nlohmann::json::parse(r.body)["recipient"]["id"].get<std::string>());
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"PSID-A", "PSID-B"}));
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 2);
}

TEST_F(messenger_e2e, an_instagram_question_is_answered_through_the_same_send_api) {
  const std::string body =
      message_event("instagram", instagram_id, "IGSID-7", "ig_m_1", "セミナー 申し込み方法");
  EXPECT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  const json sent = json::parse(messages().front().body);
  EXPECT_EQ(sent["recipient"]["id"], "IGSID-7");
  EXPECT_NE(sent.dump().find(registration_link), std::string::npos) << sent.dump();
}

// Someone tags the account in their Instagram story (Instagram Messaging webhook reference,
// messages: an attachment of type story_mention with the story's CDN URL): not a question.
TEST_F(messenger_e2e, an_instagram_story_mention_is_not_answered) {
  const std::string mention = webhook_body(
      "instagram", instagram_id,
      {{"sender", {{"id", "IGSID-M"}}},
       {"recipient", {{"id", instagram_id}}},
       {"message",
        {{"mid", "ig_mention"},
         {"attachments",
          json::array(
              {{{"type", "story_mention"},
                {"payload",
                 {{"url", "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1"}}}}})}}}});
  ASSERT_EQ(post_event(mention, meta_signature(app_secret, mention)).status, 200u);
  // A question from the same person after it: once it is answered, the mention was handled.
  const std::string question = message_event("instagram", instagram_id, "IGSID-M",
                                             "ig_after_mention", "セミナー 申し込み方法");
  ASSERT_EQ(post_event(question, meta_signature(app_secret, question)).status, 200u);
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  ASSERT_TRUE(wait_for_handled(1));
  EXPECT_EQ(messages().size(), 1u);
  EXPECT_NE(messages().front().body.find(registration_link), std::string::npos);
}

// A city's long answer on Instagram (Instagram Messaging, Send API: text up to 1,000 bytes per
// message): at most three messages, the last text pointing to the entry's link, which follows as
// a button — not a wall of ten texts in a phone's DM window.
TEST_F(messenger_e2e, a_long_answer_on_instagram_is_at_most_three_messages_ending_with_its_link) {
  std::string answer;
  for (int i = 1; i <= 12; ++i) {
    answer +=
        "転入届は、新しい住所に住み始めてから14日以内に、市民課の窓口または各支所で届け出て"
        "ください（その" +
        std::to_string(i) + "）。届出には本人確認書類が必要です。\n";
  }
  write_file(dir_ / "long.csv",
             "id,title,questions,answer,links\n"
             "tennyu-guide,転入の手続きの全体,転入の手続きを全部教えて,\"" +
                 answer + "\",詳しい案内|https://www.city.example.lg.jp/tennyu\n");
  const std::string imported =
      command_output("cd '" + dir_.string() + "' && '" + MADOGUCHI_BINARY +
                     "' kb import --tenant osaka-pref --config madoguchi.toml long.csv 2>&1");
  ASSERT_NE(imported.find("1 added"), std::string::npos) << imported;
  server_->process().wait_for_log_line(
      [](const std::string& l) { return l.find("knowledge_reloaded") != std::string::npos; }, 10s);

  const std::string body =
      message_event("instagram", instagram_id, "IGSID-LONG", "ig_long", "転入の手続きを全部教えて");
  ASSERT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  const std::vector<recorded_request> sent = messages();
  ASSERT_EQ(sent.size(), 3u);
  const json last_text = json::parse(sent[1].body)["message"];
  EXPECT_NE(last_text["text"].get<std::string>().find("（続きは次のリンク先でご覧いただけます）"),
            std::string::npos)
      << last_text.dump();
  const json button = json::parse(sent[2].body)["message"]["attachment"]["payload"];
  EXPECT_EQ(button["buttons"][0]["url"], "https://www.city.example.lg.jp/tennyu");
  for (const recorded_request& r : sent) {
    const json message = json::parse(r.body)["message"];
    if (message.contains("text")) {
      EXPECT_LE(message["text"].get<std::string>().size(), 1000u);
    }
  }
}

TEST_F(messenger_e2e, secrets_and_sender_ids_never_reach_the_log) {
  const std::string body = message_event("page", page_id, "PSID-SECRET-42", "m_privacy",
                                         "セミナーの申し込み方法を教えてください");
  post_event(body, meta_signature(app_secret, body));
  http_call(server_->port(), "GET",
            std::string("/webhook/messenger?hub.mode=subscribe&hub.verify_token=") + verify_token +
                "&hub.challenge=1");
  ASSERT_TRUE(wait_for_messages(1));
  server_->process().wait_for_log_line(
      [](const std::string& l) { return l.find("message_handled") != std::string::npos; }, 10s);
  const std::string log = server_->process().log();
  for (const std::string secret : {app_secret, verify_token, page_token, "PSID-SECRET-42"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(log.find(meta_signature(app_secret, body).substr(7)), std::string::npos);
}

// mark_seen and typing_on cost two Send API calls each: they go out only when a person is left
// waiting (typing_after_ms, 300 ms here), never on the answer's path.
TEST_F(messenger_e2e, sender_actions_go_out_only_while_a_person_waits_and_answers_are_ours) {
  const auto sender_actions_for = [&](const std::string& psid) {
    std::vector<std::string> actions;
    for (const recorded_request& r : graph_->requests_to("/me/messages")) {
      const json body = json::parse(r.body);
      if (body.contains("sender_action") && body["recipient"]["id"] == psid) {
        actions.push_back(body["sender_action"]);
      }
    }
    return actions;
  };
  post_text("PSID-1", "m_fast", "セミナーの申し込み方法を教えてください");
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  // The next answer is slow: the person sees the message read and the bot typing.
  graph_->delay("/me/messages", 1500ms);
  post_text("PSID-2", "m_slow", "セミナーの申し込み方法を教えてください");
  ASSERT_TRUE(eventually([&] { return sender_actions_for("PSID-2").size() == 2; }, 20s))
      << server_->process().log();
  EXPECT_EQ(sender_actions_for("PSID-2"), (std::vector<std::string>{"mark_seen", "typing_on"}));
  ASSERT_TRUE(wait_for_messages(2)) << server_->process().log();
  // The first answer was out in time: far more than 300 ms later, nothing was sent for it.
  EXPECT_TRUE(sender_actions_for("PSID-1").empty());
  for (const recorded_request& m : messages()) {
    EXPECT_EQ(json::parse(m.body)["message"]["metadata"], "madoguchi");
  }
}

TEST_F(messenger_e2e, clarify_then_a_tapped_quick_reply_is_answered) {
  // A near hit of the development set: the bot offers choices as quick replies.
  post_text("PSID-C", "m_clarify",
            "職員向けのSNS研修って、具体的にどんなことを教えてもらえるんですか");
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  const json offered = json::parse(messages().back().body);
  ASSERT_TRUE(offered["message"].contains("quick_replies")) << offered.dump();
  const json chip = offered["message"]["quick_replies"][0];
  ASSERT_EQ(chip["payload"].get<std::string>().rfind("entry:", 0), 0u) << chip.dump();

  post_item({{"sender", {{"id", "PSID-C"}}},
             {"recipient", {{"id", page_id}}},
             {"message",
              {{"mid", "m_tap"},
               {"text", chip["title"]},
               {"quick_reply", {{"payload", chip["payload"]}}}}}});
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  const json answer = json::parse(messages().back().body);
  EXPECT_FALSE(answer["message"].contains("quick_replies") &&
               answer["message"]["quick_replies"] == offered["message"]["quick_replies"]);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'replied'"), 2);
}

TEST_F(messenger_e2e, the_second_choice_can_be_named_instead_of_tapped) {
  post_text("PSID-N", "m_near",
            "職員向けのSNS研修って、具体的にどんなことを教えてもらえるんですか");
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  const json chips = json::parse(messages().back().body)["message"]["quick_replies"];
  ASSERT_GE(chips.size(), 2u);
  post_text("PSID-N", "m_second", "２番目");
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  ASSERT_TRUE(wait_for_messages(2));
  // The answer is the second entry's: tapping its chip again gives the same first message.
  const std::string named = json::parse(messages().back().body)["message"].dump();
  post_item(
      {{"sender", {{"id", "PSID-M"}}},
       {"recipient", {{"id", page_id}}},
       {"message",
        {{"mid", "m_tap2"}, {"text", "x"}, {"quick_reply", {{"payload", chips[1]["payload"]}}}}}});
  ASSERT_TRUE(wait_for_handled(3));
  ASSERT_TRUE(wait_for_messages(3));
  EXPECT_EQ(json::parse(messages().back().body)["message"].dump(), named);
}

// The session keeps the topic between webhook events: 「それっていつ？」 is answered with the entry
// answered just before.
TEST_F(messenger_e2e, a_follow_up_is_answered_with_the_entry_answered_just_before) {
  post_text("PSID-F", "m_topic", "大阪府のFacebookセミナーに申し込みたい");
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  ASSERT_FALSE(messages().empty());
  const std::size_t first_answer = messages().size();
  const std::string answer = json::parse(messages().back().body)["message"].dump();
  post_text("PSID-F", "m_follow_up", "それっていつ？");
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  ASSERT_TRUE(wait_for_messages(2 * first_answer)) << server_->process().log();
  EXPECT_EQ(json::parse(messages().back().body)["message"].dump(), answer);
}

TEST_F(messenger_e2e, get_started_greets_with_the_category_menu_and_a_category_is_a_carousel) {
  post_item({{"sender", {{"id", "PSID-G"}}},
             {"recipient", {{"id", page_id}}},
             {"postback", {{"mid", "m_gs"}, {"title", "スタート"}, {"payload", "get_started"}}}});
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  const json menu = json::parse(messages().back().body)["message"];
  EXPECT_NE(menu["text"].get<std::string>().find("自動応答"), std::string::npos);
  ASSERT_EQ(menu["quick_replies"].size(), 5u);
  EXPECT_EQ(menu["quick_replies"][0]["payload"], "menu:seminars");

  post_item({{"sender", {{"id", "PSID-G"}}},
             {"recipient", {{"id", page_id}}},
             {"postback",
              {{"mid", "m_menu"}, {"title", "セミナー・講座"}, {"payload", "menu:seminars"}}}});
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  bool carousel = false;
  for (const recorded_request& m : messages()) {
    const json message = json::parse(m.body)["message"];
    if (message.contains("attachment") &&
        message["attachment"]["payload"]["template_type"] == "generic") {
      carousel = true;
      EXPECT_GE(message["attachment"]["payload"]["elements"].size(), 2u);
    }
  }
  EXPECT_TRUE(carousel) << server_->process().log();
}

// A postback from a person known only by a user_ref (Messenger Platform webhook reference,
// messaging_postbacks: "sender":{"user_ref":…} for a person who came through a plugin and has
// not messaged the Page): the reply goes to recipient.user_ref, and each user_ref is its own
// conversation.
TEST_F(messenger_e2e, a_postback_from_a_user_ref_is_answered_to_that_user_ref) {
  for (const char* user_ref : {"UREF-plugin-1", "UREF-plugin-2"}) {
    post_item({{"sender", {{"user_ref", user_ref}}},
               {"recipient", {{"id", page_id}}},
               {"timestamp", now_ms()},
               {"postback", {{"title", "スタート"}, {"payload", "get_started"}}}});
  }
  ASSERT_TRUE(wait_for_messages(2)) << server_->process().log();
  ASSERT_TRUE(wait_for_handled(2));
  std::set<std::string> answered;
  for (const recorded_request& r : graph_->requests_to("/me/messages")) {
    const json recipient = json::parse(r.body)["recipient"];
    EXPECT_FALSE(recipient.contains("id")) << r.body;  // never "id": ""
    answered.insert(recipient.value("user_ref", ""));
  }
  EXPECT_EQ(answered, (std::set<std::string>{"UREF-plugin-1", "UREF-plugin-2"}));
  // Two conversations, not one shared by everyone without a PSID.
  EXPECT_EQ(count_rows(server_->database(), "conversations", "1 = 1"), 2);
}

TEST_F(messenger_e2e, a_safety_message_gets_hotlines_and_the_thread_goes_to_the_page_inbox) {
  post_text("PSID-S", "m_safety", "もう死にたい。消えたい");
  ASSERT_TRUE(
      eventually([&] { return !graph_->requests_to("/me/pass_thread_control").empty(); }, 20s))
      << server_->process().log();
  const std::string reply = messages().front().body;
  EXPECT_NE(reply.find("0120"), std::string::npos) << reply;  // a toll-free hotline number
  const json pass = json::parse(graph_->requests_to("/me/pass_thread_control").front().body);
  EXPECT_EQ(pass["recipient"]["id"], "PSID-S");
  EXPECT_EQ(pass["target_app_id"], page_inbox_app_id);
  EXPECT_EQ(pass["metadata"], "handover:safety");
  // The answer went out before control was passed.
  const auto all = graph_->requests();
  ASSERT_FALSE(all.empty());
  EXPECT_NE(all.back().target.find("/me/pass_thread_control"), std::string::npos);
}

TEST_F(messenger_e2e, the_safety_reply_names_the_conversation_in_each_platforms_own_words) {
  post_text("PSID-W", "m_words", "もう死にたい。消えたい");
  const std::string body =
      message_event("instagram", instagram_id, "IGSID-W", "ig_words", "もう死にたい。消えたい");
  ASSERT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  // Each thread is passed to the inbox after its whole reply went out: once both are passed,
  // every message of both replies has been sent.
  ASSERT_TRUE(
      eventually([&] { return graph_->requests_to("/me/pass_thread_control").size() >= 2; }, 20s))
      << server_->process().log();
  std::map<std::string, std::string> text_to;
  for (const recorded_request& r : messages()) {
    const json sent = json::parse(r.body);
    text_to[sent["recipient"]["id"]] += sent["message"].value("text", "");
  }
  // トーク is LINE's word: Messenger has messages, Instagram DMs.
  EXPECT_NE(text_to["PSID-W"].find("このメッセージのやりとりでお返事します"), std::string::npos)
      << text_to["PSID-W"];
  EXPECT_NE(text_to["IGSID-W"].find("このDMでお返事します"), std::string::npos)
      << text_to["IGSID-W"];
  for (const auto& [to, text] : text_to) {
    EXPECT_EQ(text.find("トーク"), std::string::npos) << to << ": " << text;
  }
  // Each thread goes to its own platform's inbox (Conversation Routing: the Page Inbox, or the
  // Instagram Inbox, as apps).
  std::map<std::string, json> target_of;
  for (const recorded_request& r : graph_->requests_to("/me/pass_thread_control")) {
    const json pass = json::parse(r.body);
    target_of[pass["recipient"]["id"]] = pass["target_app_id"];
  }
  EXPECT_EQ(target_of["PSID-W"], page_inbox_app_id);
  EXPECT_EQ(target_of["IGSID-W"], instagram_inbox_app_id);
}

// messaging_handovers, request_thread_control (Meta's webhook reference): the app that asks for
// the thread gets it, and the bot is silent while staff answer there.
TEST_F(messenger_e2e, a_request_for_the_thread_passes_it_to_the_app_that_asked) {
  post_text("PSID-Q", "m_first", "セミナーの申し込み方法を教えてください");
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  post_item({{"sender", {{"id", "PSID-Q"}}},
             {"recipient", {{"id", page_id}}},
             {"request_thread_control",
              {{"requested_owner_app_id", "123456789"}, {"metadata", "staff"}}}});
  ASSERT_TRUE(
      eventually([&] { return !graph_->requests_to("/me/pass_thread_control").empty(); }, 20s))
      << server_->process().log();
  const json pass = json::parse(graph_->requests_to("/me/pass_thread_control").front().body);
  EXPECT_EQ(pass["recipient"]["id"], "PSID-Q");
  EXPECT_EQ(pass["target_app_id"], 123456789);
  post_text("PSID-Q", "m_while_staff", "会場はどこですか", true);
  ASSERT_TRUE(wait_for_handled(3)) << server_->process().log();
  EXPECT_EQ(messages().size(), 1u);
  EXPECT_EQ(count_rows(server_->database(), "conversations", "with_staff = 1"), 1);
}

// Messenger's like button sends the 👍 sticker: a message with sticker_id and an image
// attachment carrying it (Messenger Platform webhook reference, messages: attachments with
// sticker_id).
TEST_F(messenger_e2e, a_like_after_an_answer_is_taken_as_thanks) {
  post_text("PSID-L", "m_question", "セミナー 申し込み方法");
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  post_item({{"sender", {{"id", "PSID-L"}}},
             {"recipient", {{"id", page_id}}},
             {"message",
              {{"mid", "m_like"},
               {"sticker_id", 369239263222822},
               {"attachments",
                json::array({{{"type", "image"},
                              {"payload",
                               {{"url", "https://scontent.xx.fbcdn.net/v/t39.1997-6/like.png"},
                                {"sticker_id", 369239263222822}}}}})}}}});
  ASSERT_TRUE(wait_for_messages(2)) << server_->process().log();
  const std::string thanks = json::parse(messages().back().body)["message"].value("text", "");
  EXPECT_TRUE(thanks.starts_with("どういたしまして")) << thanks;
}

// message_edits (Meta's webhook reference, message-edits): an edit of a message that got the
// fallback is answered as the new question; an edit of an answered message is not answered again.
TEST_F(messenger_e2e, an_edited_message_is_answered_only_when_its_first_version_was_not) {
  auto post_edit = [&](const std::string& mid, const std::string& text, int times) {
    post_item({{"sender", {{"id", "PSID-E"}}},
               {"recipient", {{"id", page_id}}},
               {"message_edit", {{"mid", mid}, {"text", text}, {"num_edit", times}}}});
  };
  post_text("PSID-E", "m_typo", "ｆｇｈｊｋｌ");  // a slip of the thumb: the fallback
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  post_edit("m_typo", "SNS活用セミナーの申し込み方法を教えて", 1);
  ASSERT_TRUE(wait_for_messages(2)) << server_->process().log();
  const std::string answer = json::parse(messages().back().body).dump();
  EXPECT_EQ(answer.find("申し訳ありません"), std::string::npos) << answer;

  post_edit("m_typo", "SNS活用セミナーの会場はどこ", 2);  // its edit was answered: not again
  post_text("PSID-E", "m_after", "防災の相談窓口");       // answered after the edit was handled
  ASSERT_TRUE(wait_for_messages(3)) << server_->process().log();
  ASSERT_TRUE(wait_for_handled(4)) << server_->process().log();
  EXPECT_EQ(messages().size(), 3u);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'edit_of_answered'"), 1);
}

TEST_F(messenger_e2e, another_object_of_the_app_is_acknowledged_and_nothing_is_sent) {
  // Meta's Webhooks reference, "Permissions" object: sent to the app's one callback URL.
  const std::string permissions =
      R"({"object":"permissions","entry":[{"id":"100000000000001","time":1700000000,)"
      R"("changes":[{"field":"pages_messaging","value":{"verb":"granted"}}]}]})";
  EXPECT_EQ(post_event(permissions, meta_signature(app_secret, permissions)).status, 200u);
  // A question after it is answered, and it is the only message sent.
  post_text("PSID-P", "m_after_permissions", "セミナー 申し込み方法");
  ASSERT_TRUE(wait_for_messages(1)) << server_->process().log();
  ASSERT_TRUE(wait_for_handled(1));
  EXPECT_EQ(messages().size(), 1u);
  EXPECT_EQ(json::parse(messages().front().body)["recipient"]["id"], "PSID-P");
}

TEST_F(messenger_e2e, a_safety_message_is_answered_even_when_the_database_cannot_be_written) {
  // Every write of the server now fails, as on a full disk.
  server_->process().limit_file_size(0);
  const std::string body =
      webhook_body("page", page_id,
                   {{"sender", {{"id", "PSID-CRISIS-DB"}}},
                    {"recipient", {{"id", page_id}}},
                    {"message", {{"mid", "m_crisis_db"}, {"text", "もう死にたい"}}}});
  const http_result refused = post_event(body, meta_signature(app_secret, body));
  EXPECT_EQ(refused.status, 503u);  // not journaled: Meta redelivers it
  ASSERT_TRUE(wait_for_messages(1)) << "no hotline reply while the database was failing";
  EXPECT_NE(messages().front().body.find("0120"), std::string::npos) << messages().front().body;
  EXPECT_EQ(json::parse(messages().front().body)["recipient"]["id"], "PSID-CRISIS-DB");

  // Writable again: the redelivery is journaled and handled like any other event.
  server_->process().limit_file_size(RLIM_INFINITY);
  EXPECT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  EXPECT_EQ(count_rows(server_->database(), "conversations", "reason = 'safety'"), 1);
}

TEST_F(messenger_e2e, the_same_event_ten_times_at_once_is_acknowledged_ten_times_answered_once) {
  const std::string body =
      message_event("page", page_id, "PSID-TEN", "m_ten", "セミナーの申し込み方法を教えてください");
  const std::string signature = meta_signature(app_secret, body);
  std::vector<std::thread> senders;
  std::atomic<int> acknowledged{0};
  for (int i = 0; i < 10; ++i) {
    senders.emplace_back([&] {
      if (post_event(body, signature).status == 200) {
        ++acknowledged;
      }
    });
  }
  for (std::thread& t : senders) {
    t.join();
  }
  EXPECT_EQ(acknowledged.load(), 10);
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 1);
  EXPECT_EQ(count_rows(server_->database(), "outbox", "recipient = 'PSID-TEN'"),
            count_rows(server_->database(), "outbox", "recipient = 'PSID-TEN' AND state = 'sent'"));
  const std::size_t answers = messages().size();
  EXPECT_GE(answers, 1u);
  EXPECT_EQ(count_rows(server_->database(), "outbox", "recipient = 'PSID-TEN'"),
            static_cast<std::int64_t>(answers));  // every answer body went out exactly once
}

TEST_F(messenger_e2e, asking_for_staff_hands_over_and_the_bot_stays_silent_until_released) {
  post_text("PSID-H", "m_staff", "担当者と話したい");
  ASSERT_TRUE(
      eventually([&] { return !graph_->requests_to("/me/pass_thread_control").empty(); }, 20s))
      << server_->process().log();
  EXPECT_NE(messages().front().body.find("担当職員"), std::string::npos);
  // The session is stored after the send, so wait for the turn to complete.
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  EXPECT_EQ(count_rows(server_->database(), "conversations", "with_staff = 1"), 1);
  // Staff can list it: `madoguchi handovers` shows the thread without the person's id.
  const std::string listed =
      command_output("cd '" + dir_.string() + "' && '" + MADOGUCHI_BINARY +
                     "' handovers --tenant osaka-pref --config madoguchi.toml 2>/dev/null");
  EXPECT_NE(listed.find("osaka-pref\tmessenger\t…ID-H\tasked\tstaff since "), std::string::npos)
      << listed;
  EXPECT_EQ(listed.find("PSID-H"), std::string::npos) << listed;

  // Staff write from the Page Inbox (an echo madoguchi did not send), and the person answers
  // on the standby channel: the bot says nothing.
  post_item({{"sender", {{"id", page_id}}},
             {"recipient", {{"id", "PSID-H"}}},
             {"message",
              {{"mid", "m_staff_reply"},
               {"is_echo", true},
               {"app_id", page_inbox_app_id},
               {"text", "担当です"}}}},
            true);
  post_text("PSID-H", "m_while_staff", "セミナーの申し込み方法を教えてください", true);
  ASSERT_TRUE(wait_for_handled(3)) << server_->process().log();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(messages().size(), 1u);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'silent_staff_owns'"), 1);

  // Staff pass the thread back: the bot answers again.
  post_item({{"sender", {{"id", "PSID-H"}}},
             {"recipient", {{"id", page_id}}},
             {"pass_thread_control",
              {{"previous_owner_app_id", page_inbox_app_id}, {"metadata", "done"}}}});
  post_text("PSID-H", "m_after", "セミナーの申し込み方法を教えてください");
  ASSERT_TRUE(wait_for_messages(2)) << server_->process().log();
  EXPECT_NE(messages().back().body.find(registration_link), std::string::npos);
  ASSERT_TRUE(wait_for_handled(5)) << server_->process().log();
  EXPECT_EQ(count_rows(server_->database(), "conversations", "with_staff = 1"), 0);
}

TEST_F(messenger_e2e, conversations_survive_a_restart) {
  post_text("PSID-R", "m_restart", "担当者と話したい");
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  server_->stop_and_check();
  server_ = std::make_unique<server_under_test>(dir_, config_, environment_);
  post_text("PSID-R", "m_after_restart", "セミナーの申し込み方法を教えてください", true);
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  EXPECT_EQ(messages().size(), 1u);  // still with staff: only the hand-over message was sent
}

TEST_F(messenger_e2e, a_flood_is_answered_up_to_the_limit_then_told_once_to_wait) {
  // The default limit: 10 messages a minute per person.
  for (int i = 0; i < 12; ++i) {
    post_text("PSID-FLOOD", "m_flood_" + std::to_string(i),
              "セミナーの申し込み方法を教えてください");
  }
  post_text("PSID-FLOOD", "m_flood_safety", "もう死にたい");
  ASSERT_TRUE(wait_for_handled(13)) << server_->process().log();
  std::size_t slow_down = 0, hotline = 0;
  for (const recorded_request& m : messages()) {
    slow_down += m.body.find("1分ほどたってから") != std::string::npos ? 1 : 0;
    hotline += m.body.find("0120") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(slow_down, 1u);
  EXPECT_GE(hotline, 1u);  // a person in crisis is answered however often they wrote
  // 10 answers, the one "please wait", the hotlines; the 12th question is not answered.
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'replied'"), 12);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'rate_limited'"), 1);
}

// Base64 → base64url without padding.
std::string to_url_safe(std::string base64) {
  for (char& c : base64) {
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  while (!base64.empty() && base64.back() == '=') {
    base64.pop_back();
  }
  return base64;
}

// base64url without padding, as Meta encodes signed_request.
std::string base64url(const std::string& bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                  reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<int>(bytes.size()));
  return to_url_safe(encoded);
}

TEST_F(messenger_e2e, asking_in_the_chat_to_delete_data_confirms_then_forgets_the_person) {
  post_text("PSID-DEL", "m_del_question", "セミナーの申し込み方法を教えてください");
  post_text("PSID-DEL", "m_del_ask", "私のデータを削除してください");
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  const json confirm = json::parse(messages().back().body)["message"];
  ASSERT_EQ(confirm["quick_replies"].size(), 2u) << confirm.dump();
  EXPECT_EQ(confirm["quick_replies"][0]["payload"], "privacy:forget");
  EXPECT_EQ(count_rows(server_->database(), "conversations", "sender = 'PSID-DEL'"), 1);

  post_item({{"sender", {{"id", "PSID-DEL"}}},
             {"recipient", {{"id", page_id}}},
             {"message",
              {{"mid", "m_del_yes"},
               {"text", "削除する"},
               {"quick_reply", {{"payload", "privacy:forget"}}}}}});
  ASSERT_TRUE(wait_for_handled(3)) << server_->process().log();
  EXPECT_NE(messages().back().body.find("削除しました"), std::string::npos);
  EXPECT_EQ(count_rows(server_->database(), "conversations", "sender = 'PSID-DEL'"), 0);
  // Only the confirmation itself remains addressed to them; the earlier answers are gone.
  EXPECT_EQ(count_rows(server_->database(), "outbox", "recipient = 'PSID-DEL'"),
            static_cast<std::int64_t>(1));
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "payload <> ''"), 0);
  EXPECT_NE(server_->process().log().find("\"event\":\"data_forgotten\""), std::string::npos);
}

TEST_F(messenger_e2e, metas_data_deletion_callback_forgets_the_user_and_answers_with_a_code) {
  post_text("PSID-META", "m_meta", "セミナーの申し込み方法を教えてください");
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  ASSERT_EQ(count_rows(server_->database(), "conversations", "sender = 'PSID-META'"), 1);

  const std::string payload = base64url(json{
      {"algorithm", "HMAC-SHA256"},
      {"issued_at", 1796000000},
      {"user_id", "PSID-META"}}.dump());
  const std::string signature = to_url_safe(line_signature(app_secret, payload));
  const auto post_deletion = [&](const std::string& signed_request) {
    return http_call(server_->port(), "POST", "/webhook/messenger/data-deletion",
                     "signed_request=" + signed_request,
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Host", "madoguchi.example.jp"},
                      {"X-Forwarded-Proto", "https"}});
  };
  // Forged or malformed: refused, nothing deleted.
  const std::string forged = to_url_safe(line_signature("another-secret", payload));
  EXPECT_EQ(post_deletion(forged + "." + payload).status, 400u);
  EXPECT_EQ(post_deletion("not-a-signed-request").status, 400u);
  EXPECT_EQ(count_rows(server_->database(), "conversations", "sender = 'PSID-META'"), 1);

  const http_result done = post_deletion(signature + "." + payload);
  ASSERT_EQ(done.status, 200u) << done.body;
  const json answer = json::parse(done.body);
  const std::string code = answer["confirmation_code"];
  EXPECT_EQ(answer["url"],
            "https://madoguchi.example.jp/webhook/messenger/data-deletion?code=" + code);
  EXPECT_EQ(count_rows(server_->database(), "conversations", "sender = 'PSID-META'"), 0);
  EXPECT_EQ(count_rows(server_->database(), "outbox", "recipient = 'PSID-META'"), 0);

  const http_result status =
      http_call(server_->port(), "GET", "/webhook/messenger/data-deletion?code=" + code, "", {});
  EXPECT_EQ(status.status, 200u);
  EXPECT_NE(status.body.find("削除は完了"), std::string::npos) << status.body;
  EXPECT_EQ(
      http_call(server_->port(), "GET", "/webhook/messenger/data-deletion?code=zz", "", {}).status,
      404u);
}

// Row 5: an old event (a replay after a long outage) is acknowledged, dropped and counted.
TEST_F(messenger_e2e, an_event_older_than_the_messaging_window_is_not_answered) {
  const std::string body = json{{"object", "page"},
                                {"entry",
                                 {{{"id", page_id},
                                   {"messaging",
                                    {{{"sender", {{"id", "PSID-OLD"}}},
                                      {"timestamp", now_ms() - 25LL * 3600 * 1000},
                                      {"message", {{"mid", "m_old"}, {"text", "セミナー"}}}}}}}}}}
                               .dump();
  ASSERT_EQ(post_event(body, meta_signature(app_secret, body)).status, 200u);
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  EXPECT_TRUE(graph_->requests().empty());
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal", "outcome = 'outside_window'"), 1);
  const std::string metrics = http_call(server_->port(), "GET", "/metrics", "", {}).body;
  EXPECT_NE(metrics.find("madoguchi_events_dropped_total{reason=\"outside_window\"} 1\n"),
            std::string::npos)
      << metrics;
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
