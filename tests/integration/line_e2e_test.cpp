// End to end over loopback: signed LINE webhook events reach the real `madoguchi serve`, and the
// answers go out through a TLS fake of the LINE Messaging API (reply, and push when the reply
// token is refused).
#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* channel_secret = "line-channel-secret-e2e-3c9d";
constexpr const char* access_token = "line-access-token-e2e-77aa";
constexpr const char* bot_user_id = "Ubot0000000000000000000000000000";
constexpr const char* registration_link = "http://boostwithfacebookosaka.splashthat.com/";

json text_event(const std::string& event_id, const std::string& user, const std::string& text) {
  return {{"type", "message"},
          {"mode", "active"},
          {"timestamp", now_ms()},
          {"source", {{"type", "user"}, {"userId", user}}},
          {"webhookEventId", event_id},
          {"deliveryContext", {{"isRedelivery", false}}},
          {"replyToken", "reply-token-" + event_id},
          {"message", {{"id", "4" + event_id}, {"type", "text"}, {"text", text}}}};
}

// xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx in lower-case hex. (No std::regex: GCC 12 warns
// inside it under the sanitizer build.)
bool is_uuid_v4(const std::string& text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return text[14] == '4' && std::string_view("89ab").find(text[19]) != std::string_view::npos;
}

class line_e2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    const test_certificate certificate = make_localhost_certificate();
    write_file(dir_ / "ca.pem", certificate.certificate_pem);
    line_api_ = std::make_unique<fake_graph_api>(certificate);
    const std::string config =
        std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
        "[storage]\nsqlite = \"var/madoguchi.db\"\n" + "[meta]\nca_file = \"" +
        (dir_ / "ca.pem").string() + "\"\n" +
        "[line]\napi_base = \"https://localhost:" + std::to_string(line_api_->port()) + "\"\n" +
        "[delivery]\ntyping_after_ms = 300\n" +  // short: the slow path in a test's time
        "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\nline_basic_id = \"@123abcde\"\n" +
        "[[tenants]]\nid = \"morioka\"\nname = \"盛岡市\"\n";
    server_ = std::make_unique<server_under_test>(
        dir_, config,
        std::map<std::string, std::string>{
            {"MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF", channel_secret},
            {"MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF", access_token}});
  }

  void TearDown() override {
    server_->stop_and_check();
    server_.reset();
    line_api_.reset();
    fs::remove_all(dir_);
  }

  http_result post(const std::string& body, const std::string& signature,
                   const std::string& tenant = "osaka-pref") {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!signature.empty()) {
      headers["X-Line-Signature"] = signature;
    }
    return http_call(server_->port(), "POST", "/webhook/line/" + tenant, body, headers);
  }

  // Posts signed `events` and expects the 200.
  void post_events(const std::vector<json>& events) {
    for (const json& e : events) {
      if (e.contains("source") && e["source"].contains("userId")) {
        server_->forbid_in_log(e["source"]["userId"].get<std::string>());
      }
    }
    const std::string body = json{{"destination", bot_user_id}, {"events", json(events)}}.dump();
    ASSERT_EQ(post(body, line_signature(channel_secret, body)).status, 200u);
  }

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
  std::unique_ptr<fake_graph_api> line_api_;
  std::unique_ptr<server_under_test> server_;
};

TEST_F(line_e2e, a_signed_question_is_answered_with_the_reply_token) {
  post_events({text_event("01HEVENT0001", "Uperson1", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(
      eventually([&] { return !line_api_->requests_to("/v2/bot/message/reply").empty(); }, 20s))
      << server_->process().log();
  const recorded_request reply = line_api_->requests_to("/v2/bot/message/reply").front();
  EXPECT_EQ(reply.headers.at("Authorization"), std::string("Bearer ") + access_token);
  const json body = json::parse(reply.body);
  EXPECT_EQ(body["replyToken"], "reply-token-01HEVENT0001");
  ASSERT_TRUE(body["messages"].is_array());
  EXPECT_GE(body["messages"].size(), 1u);
  EXPECT_LE(body["messages"].size(), 5u);
  EXPECT_NE(reply.body.find(registration_link), std::string::npos) << reply.body;
  EXPECT_TRUE(line_api_->requests_to("/v2/bot/message/push").empty());
  EXPECT_TRUE(eventually(
      [&] {
        return count_rows(server_->database(), "inbound_journal", "outcome = 'replied'") == 1;
      },
      10s));
}

// The loading animation is for a person left waiting (typing_after_ms, 300 ms here): a slow reply
// shows it, then the reply ends it.
TEST_F(line_e2e, the_loading_animation_shows_while_a_person_waits) {
  line_api_->delay("/v2/bot/message/reply", 1500ms);
  post_events({text_event("01HEVENT0009", "Uperson9", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(eventually(
      [&] { return !line_api_->requests_to("/v2/bot/chat/loading/start").empty(); }, 20s))
      << server_->process().log();
  const auto loading = line_api_->requests_to("/v2/bot/chat/loading/start");
  ASSERT_EQ(loading.size(), 1u);
  EXPECT_EQ(json::parse(loading.front().body)["chatId"], "Uperson9");
  EXPECT_EQ(line_api_->requests_to("/v2/bot/message/reply").size(), 1u);  // asked before it
}

TEST_F(line_e2e, a_refused_reply_token_falls_back_to_push_with_a_retry_key) {
  line_api_->respond("/v2/bot/message/reply", 400, R"({"message":"Invalid reply token"})");
  post_events({text_event("01HEVENT0002", "Uperson2", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(
      eventually([&] { return !line_api_->requests_to("/v2/bot/message/push").empty(); }, 20s))
      << server_->process().log();
  const recorded_request push = line_api_->requests_to("/v2/bot/message/push").front();
  const json body = json::parse(push.body);
  EXPECT_EQ(body["to"], "Uperson2");
  EXPECT_NE(push.body.find(registration_link), std::string::npos);
  const std::string key = push.headers.at("X-Line-Retry-Key");
  EXPECT_TRUE(is_uuid_v4(key)) << key;
  EXPECT_EQ(push.headers.at("Authorization"), std::string("Bearer ") + access_token);
  EXPECT_TRUE(eventually(
      [&] { return count_rows(server_->database(), "inbound_journal", "outcome = 'pushed'") == 1; },
      10s));
}

TEST_F(line_e2e, a_push_already_accepted_is_not_an_error) {
  line_api_->respond("/v2/bot/message/reply", 400, R"({"message":"Invalid reply token"})");
  line_api_->respond("/v2/bot/message/push", 409,
                     R"({"message":"The retry key is already accepted"})");
  post_events({text_event("01HEVENT0003", "Uperson3", "セミナー 申し込み")});
  EXPECT_TRUE(eventually(
      [&] { return count_rows(server_->database(), "inbound_journal", "outcome = 'pushed'") == 1; },
      20s))
      << server_->process().log();
}

TEST_F(line_e2e, unsigned_or_badly_signed_events_are_refused_and_nothing_is_stored_or_sent) {
  const std::string body =
      json{{"destination", bot_user_id},
           {"events", json::array({text_event("01HEVENT0004", "Uperson4", "セミナー")})}}
          .dump();
  EXPECT_EQ(post(body, "").status, 401u);
  EXPECT_EQ(post(body, line_signature("not-the-secret", body)).status, 403u);
  EXPECT_EQ(post(body, "bm90IGEgc2lnbmF0dXJl").status, 403u);
  EXPECT_EQ(post(body + " ", line_signature(channel_secret, body)).status, 403u);
  std::this_thread::sleep_for(1s);
  EXPECT_TRUE(line_api_->requests().empty());
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 0);
}

TEST_F(line_e2e, the_console_verification_request_gets_200) {
  const std::string body = json{{"destination", bot_user_id}, {"events", json::array()}}.dump();
  EXPECT_EQ(post(body, line_signature(channel_secret, body)).status, 200u);
}

TEST_F(line_e2e, a_redelivered_event_is_answered_once) {
  json event = text_event("01HEVENT0005", "Uperson5", "セミナーの申し込み方法を教えてください");
  post_events({event});
  event["deliveryContext"]["isRedelivery"] = true;
  post_events({event});
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(line_api_->requests_to("/v2/bot/message/reply").size(), 1u);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 1);
}

TEST_F(line_e2e, follow_greets_with_the_menu_and_unfollow_sends_nothing) {
  post_events({{{"type", "follow"},
                {"mode", "active"},
                {"timestamp", now_ms()},
                {"source", {{"type", "user"}, {"userId", "Ufollower"}}},
                {"webhookEventId", "01HFOLLOW"},
                {"replyToken", "reply-token-follow"}},
               {{"type", "unfollow"},
                {"mode", "active"},
                {"timestamp", now_ms()},
                {"source", {{"type", "user"}, {"userId", "Ugone"}}},
                {"webhookEventId", "01HUNFOLLOW"}}});
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  const auto replies = line_api_->requests_to("/v2/bot/message/reply");
  ASSERT_EQ(replies.size(), 1u);
  const json messages = json::parse(replies[0].body)["messages"];
  EXPECT_NE(messages.dump().find("自動応答"), std::string::npos);
  EXPECT_EQ(messages.back()["quickReply"]["items"].size(), 5u);
  EXPECT_EQ(messages.back()["quickReply"]["items"][0]["action"]["data"], "menu:seminars");
  EXPECT_TRUE(line_api_->requests_to("/v2/bot/message/push").empty());
}

// Added to a group (Messaging API reference, "Join event"), the bot says once that it answers
// one-to-one, with its add-friend link; what the group says afterwards gets no answer.
TEST_F(line_e2e, in_a_group_the_bot_says_once_where_it_answers_then_stays_silent) {
  post_events({{{"type", "join"},
                {"mode", "active"},
                {"timestamp", now_ms()},
                {"source", {{"type", "group"}, {"groupId", "Cgroup1"}}},
                {"webhookEventId", "01HJOIN"},
                {"replyToken", "reply-token-join"}}});
  post_events(
      {{{"type", "message"},
        {"mode", "active"},
        {"timestamp", now_ms()},
        {"source", {{"type", "group"}, {"groupId", "Cgroup1"}, {"userId", "Umember"}}},
        {"webhookEventId", "01HGROUPMSG"},
        {"replyToken", "reply-token-group"},
        {"message", {{"id", "g1"}, {"type", "text"}, {"text", "セミナーの申し込み方法"}}}}});
  // A later one-to-one question: once it is answered, the group message was long since read.
  post_events(
      {{{"type", "message"},
        {"mode", "active"},
        {"timestamp", now_ms()},
        {"source", {{"type", "user"}, {"userId", "Uafter"}}},
        {"webhookEventId", "01HAFTERGROUP"},
        {"replyToken", "reply-token-after"},
        {"message", {{"id", "a1"}, {"type", "text"}, {"text", "セミナーの申し込み方法"}}}}});
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  // Two conversations, answered concurrently: found by reply token, not by order.
  const auto replies = line_api_->requests_to("/v2/bot/message/reply");
  ASSERT_EQ(replies.size(), 2u);
  std::map<std::string, json> by_token;
  for (const recorded_request& r : replies) {
    const json body = json::parse(r.body);
    by_token[body["replyToken"].get<std::string>()] = body;
  }
  ASSERT_EQ(by_token.count("reply-token-join"), 1u);
  ASSERT_EQ(by_token.count("reply-token-after"), 1u);
  const std::string notice = by_token["reply-token-join"].dump();
  EXPECT_NE(notice.find("1対1のトーク"), std::string::npos) << notice;
  EXPECT_NE(notice.find("https://line.me/R/ti/p/@123abcde"), std::string::npos) << notice;
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 2);  // the group message: none
}

TEST_F(line_e2e, a_tapped_postback_answers_that_entry) {
  post_events({{{"type", "postback"},
                {"mode", "active"},
                {"timestamp", now_ms()},
                {"source", {{"type", "user"}, {"userId", "Utapper"}}},
                {"webhookEventId", "01HPOSTBACK"},
                {"replyToken", "reply-token-postback"},
                {"postback", {{"data", "entry:osaka-boost-seminar"}}}}});
  ASSERT_TRUE(
      eventually([&] { return !line_api_->requests_to("/v2/bot/message/reply").empty(); }, 20s));
  EXPECT_NE(line_api_->requests_to("/v2/bot/message/reply").front().body.find(registration_link),
            std::string::npos);
}

TEST_F(line_e2e, asking_for_staff_hands_over_and_the_bot_stays_silent) {
  post_events({text_event("01HSTAFF1", "Uhelp", "担当者と話したい")});
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  ASSERT_EQ(line_api_->requests_to("/v2/bot/message/reply").size(), 1u);
  EXPECT_NE(line_api_->requests_to("/v2/bot/message/reply").front().body.find("担当職員"),
            std::string::npos);
  post_events({text_event("01HSTAFF2", "Uhelp", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(wait_for_handled(2)) << server_->process().log();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(line_api_->requests_to("/v2/bot/message/reply").size(), 1u);
  EXPECT_EQ(count_rows(server_->database(), "conversations", "channel = 'line' AND with_staff = 1"),
            1);
}

TEST_F(line_e2e, a_safety_message_gets_hotline_numbers) {
  post_events({text_event("01HSAFETY", "Ucrisis", "もう死にたい")});
  ASSERT_TRUE(
      eventually([&] { return !line_api_->requests_to("/v2/bot/message/reply").empty(); }, 20s));
  const std::string reply = line_api_->requests_to("/v2/bot/message/reply").front().body;
  EXPECT_NE(reply.find("0120"), std::string::npos) << reply;
  EXPECT_TRUE(eventually(
      [&] { return count_rows(server_->database(), "conversations", "reason = 'safety'") == 1; },
      10s));
}

TEST_F(line_e2e, the_safety_reply_speaks_of_this_talk_in_lines_own_word) {
  post_events({text_event("01HTALK", "Utalk", "もう死にたい")});
  ASSERT_TRUE(
      eventually([&] { return !line_api_->requests_to("/v2/bot/message/reply").empty(); }, 20s));
  const std::string reply = line_api_->requests_to("/v2/bot/message/reply").front().body;
  EXPECT_NE(reply.find("このトークでお返事します"), std::string::npos) << reply;
}

// LINE puts a LINE emoji's alt text into the text and its place into message.emojis[] (Messaging
// API reference, "Text" message event; the SDKs' TextMessageContent.emojis): the words around
// it are the question.
TEST_F(line_e2e, a_question_with_a_line_emoji_is_answered_as_the_question_alone) {
  json with_emoji = text_event("01HEMOJI", "Uemoji", "セミナーの申し込み方法 (love)");
  with_emoji["message"]["emojis"] = json::array({{{"index", 12},
                                                  {"length", 6},
                                                  {"productId", "5ac1bfd5040ab15980c9b435"},
                                                  {"emojiId", "001"}}});
  post_events({with_emoji});
  ASSERT_TRUE(
      eventually([&] { return !line_api_->requests_to("/v2/bot/message/reply").empty(); }, 20s))
      << server_->process().log();
  const std::string reply = line_api_->requests_to("/v2/bot/message/reply").front().body;
  EXPECT_NE(reply.find(registration_link), std::string::npos) << reply;
}

// A LINE sticker message (Messaging API reference, "Sticker" message event) right after an
// answer says thanks.
TEST_F(line_e2e, a_sticker_after_an_answer_is_taken_as_thanks) {
  post_events({text_event("01HSTQ", "Usticker", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(
      eventually([&] { return line_api_->requests_to("/v2/bot/message/reply").size() == 1; }, 20s));
  json sticker = text_event("01HSTS", "Usticker", "");
  sticker["message"] = {{"id", "4sticker"},
                        {"type", "sticker"},
                        {"packageId", "446"},
                        {"stickerId", "1988"},
                        {"stickerResourceType", "STATIC"}};
  post_events({sticker});
  ASSERT_TRUE(
      eventually([&] { return line_api_->requests_to("/v2/bot/message/reply").size() == 2; }, 20s))
      << server_->process().log();
  const std::string reply = line_api_->requests_to("/v2/bot/message/reply").back().body;
  EXPECT_NE(reply.find("どういたしまして"), std::string::npos) << reply;
}

// Three images sent at once (Messaging API reference, "Image" message event, imageSet): one
// reply for the set, not three identical ones.
TEST_F(line_e2e, an_image_set_gets_one_reply) {
  std::vector<json> images;
  for (int index = 1; index <= 3; ++index) {
    json image = text_event("01HIMG" + std::to_string(index), "Uimages", "");
    image["message"] = {
        {"id", "4img" + std::to_string(index)},
        {"type", "image"},
        {"contentProvider", {{"type", "line"}}},
        {"imageSet", {{"id", "E005D41A7288F41B6559"}, {"index", index}, {"total", 3}}}};
    images.push_back(std::move(image));
  }
  post_events(images);
  // A question after the set: once it is answered, every image before it has been handled.
  post_events({text_event("01HIMGQ", "Uimages", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(eventually(
      [&] {
        for (const recorded_request& r : line_api_->requests_to("/v2/bot/message/reply")) {
          if (r.body.find(registration_link) != std::string::npos) {
            return true;
          }
        }
        return false;
      },
      20s))
      << server_->process().log();
  EXPECT_EQ(line_api_->requests_to("/v2/bot/message/reply").size(), 2u);
}

TEST_F(line_e2e, unknown_and_unconfigured_tenants_are_refused_with_what_to_do) {
  const std::string body = json{{"destination", bot_user_id}, {"events", json::array()}}.dump();
  const auto unknown = post(body, line_signature(channel_secret, body), "no-such-city");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_NE(unknown.body.find("/webhook/line/<tenant id>"), std::string::npos);
  const auto unconfigured = post(body, line_signature(channel_secret, body), "morioka");
  EXPECT_EQ(unconfigured.status, 503u);
  EXPECT_NE(unconfigured.body.find("MADOGUCHI_LINE_CHANNEL_SECRET_"), std::string::npos);
}

TEST_F(line_e2e, secrets_tokens_and_user_ids_never_reach_the_log) {
  line_api_->respond("/v2/bot/message/reply", 400, R"({"message":"Invalid reply token"})");
  post_events(
      {text_event("01HPRIVACY", "Usecret-user-99", "セミナーの申し込み方法を教えてください")});
  ASSERT_TRUE(wait_for_handled(1)) << server_->process().log();
  const std::string log = server_->process().log();
  for (const std::string& secret :
       {std::string(channel_secret), std::string(access_token), std::string("Usecret-user-99"),
        std::string("reply-token-01HPRIVACY")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
}

}  // namespace
}  // namespace madoguchi::testing
