// Tests of render_messenger_reply: Send API bodies within Messenger's limits (text 2000
// characters, button template text 640 with 1-3 web_url buttons, 13 quick replies, titles 20).
#include "madoguchi/webhook/messenger_render.hpp"
#include "madoguchi/webhook/text_limits.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

std::vector<json> render(const bot::reply& reply) {
  std::vector<json> messages;
  for (const std::string& body : render_messenger_reply(reply, "psid-42")) {
    const json document = json::parse(body, nullptr, false);
    EXPECT_FALSE(document.is_discarded()) << body;
    EXPECT_EQ(document["recipient"]["id"], "psid-42");
    EXPECT_EQ(document["messaging_type"], "RESPONSE");
    messages.push_back(document["message"]);
  }
  return messages;
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

bool is_button_template(const json& message) {
  return message.contains("attachment") &&
         message["attachment"]["payload"]["template_type"] == "button";
}

std::size_t characters(const json& value) {
  return count_characters(value.get<std::string>());
}

TEST(messenger_render_test, text_only_reply_is_one_text_message) {
  const auto messages = render({.text = "こんにちは。", .links = {}, .quick_replies = {}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["text"], "こんにちは。");
  EXPECT_FALSE(messages[0].contains("quick_replies"));
  EXPECT_FALSE(messages[0].contains("attachment"));
}

TEST(messenger_render_test, an_empty_reply_renders_nothing) {
  EXPECT_TRUE(render_messenger_reply({}, "psid-42").empty());
}

TEST(messenger_render_test, short_text_with_links_is_a_button_template) {
  const bot::reply reply{.text = "セミナーの案内です。",
                         .links = {{"セミナー申し込みページ（大阪府・中小ビジネス向け）",
                                    "http://boostwithfacebookosaka.splashthat.com/"},
                                   {"詳細", "https://example.jp/detail"}},
                         .quick_replies = {}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_TRUE(is_button_template(messages[0])) << messages[0].dump();
  const json& payload = messages[0]["attachment"]["payload"];
  EXPECT_EQ(messages[0]["attachment"]["type"], "template");
  EXPECT_EQ(payload["text"], "セミナーの案内です。");
  ASSERT_EQ(payload["buttons"].size(), 2u);
  for (const json& button : payload["buttons"]) {
    EXPECT_EQ(button["type"], "web_url");
    EXPECT_LE(characters(button["title"]), 20u);
  }
  EXPECT_EQ(payload["buttons"][0]["url"], "http://boostwithfacebookosaka.splashthat.com/");
  EXPECT_EQ(payload["buttons"][0]["title"], "セミナー申し込みページ（大阪府・中小ビ…");
  EXPECT_EQ(payload["buttons"][1]["title"], "詳細");
}

TEST(messenger_render_test, links_beyond_three_go_into_the_text) {
  bot::reply reply{.text = "リンク集です。", .links = {}, .quick_replies = {}};
  for (int i = 1; i <= 5; ++i) {
    reply.links.push_back(
        {"リンク" + std::to_string(i), "https://example.jp/" + std::to_string(i)});
  }
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_TRUE(is_button_template(messages[0]));
  const json& payload = messages[0]["attachment"]["payload"];
  ASSERT_EQ(payload["buttons"].size(), 3u);
  EXPECT_EQ(payload["buttons"][2]["url"], "https://example.jp/3");
  const std::string text = payload["text"];
  EXPECT_TRUE(text.starts_with("リンク集です。"));
  EXPECT_NE(text.find("https://example.jp/4"), std::string::npos) << text;
  EXPECT_NE(text.find("https://example.jp/5"), std::string::npos) << text;
  EXPECT_EQ(text.find("https://example.jp/3"), std::string::npos) << text;
}

TEST(messenger_render_test, long_text_with_links_is_text_then_a_button_template) {
  const bot::reply reply{.text = repeat("あ", 641),
                         .links = {{"申し込み", "https://example.jp/"}},
                         .quick_replies = {}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["text"], repeat("あ", 641));
  ASSERT_TRUE(is_button_template(messages[1]));
  EXPECT_LE(characters(messages[1]["attachment"]["payload"]["text"]), 640u);
  EXPECT_EQ(messages[1]["attachment"]["payload"]["buttons"][0]["url"], "https://example.jp/");
}

TEST(messenger_render_test, text_over_2000_characters_is_split_without_loss) {
  const std::string text = repeat("災害支援ハブは安否確認に使えます。", 300);  // 5100 characters
  const auto messages = render({.text = text, .links = {}, .quick_replies = {}});
  ASSERT_GE(messages.size(), 3u);
  std::string joined;
  for (const json& message : messages) {
    EXPECT_LE(characters(message["text"]), 2000u);
    joined += message["text"].get<std::string>();
  }
  EXPECT_EQ(joined, text);
  // Pieces end at a sentence rather than inside a word.
  EXPECT_TRUE(messages[0]["text"].get<std::string>().ends_with("。"));
}

TEST(messenger_render_test, links_that_are_not_http_are_dropped) {
  const bot::reply reply{.text = "案内",
                         .links = {{"危険", "javascript:alert(1)"},
                                   {"データ", "data:text/html,<b>x</b>"},
                                   {"安全", "https://example.jp/"}},
                         .quick_replies = {}};
  const auto bodies = render_messenger_reply(reply, "psid-42");
  for (const std::string& body : bodies) {
    EXPECT_EQ(body.find("javascript:"), std::string::npos) << body;
    EXPECT_EQ(body.find("data:text"), std::string::npos) << body;
  }
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_EQ(messages[0]["attachment"]["payload"]["buttons"].size(), 1u);

  const auto only_bad =
      render({.text = "案内", .links = {{"x", "javascript:void(0)"}}, .quick_replies = {}});
  ASSERT_EQ(only_bad.size(), 1u);
  EXPECT_EQ(only_bad[0]["text"], "案内");
}

TEST(messenger_render_test, quick_replies_go_on_the_last_message_only_within_limits) {
  bot::reply reply{.text = repeat("長い回答です。", 400), .links = {}, .quick_replies = {}};
  for (int i = 0; i < 15; ++i) {
    reply.quick_replies.push_back(
        {"とても長い選択肢のタイトルその" + std::to_string(i) + "（説明つき）",
         "entry:choice-" + std::to_string(i)});
  }
  const auto messages = render(reply);
  ASSERT_GE(messages.size(), 2u);
  for (std::size_t i = 0; i + 1 < messages.size(); ++i) {
    EXPECT_FALSE(messages[i].contains("quick_replies")) << i;
  }
  const json& chips = messages.back()["quick_replies"];
  ASSERT_EQ(chips.size(), 13u);
  for (std::size_t i = 0; i < chips.size(); ++i) {
    EXPECT_EQ(chips[i]["content_type"], "text");
    EXPECT_LE(characters(chips[i]["title"]), 20u);
    EXPECT_EQ(chips[i]["payload"], "entry:choice-" + std::to_string(i));
  }
}

TEST(messenger_render_test, quick_replies_follow_a_button_template) {
  const bot::reply reply{.text = "どれですか？",
                         .links = {{"a", "https://example.jp/a"}},
                         .quick_replies = {{"担当者と話したい", "entry:human-handoff"}}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(is_button_template(messages[0]));
  ASSERT_EQ(messages[0]["quick_replies"].size(), 1u);
  EXPECT_EQ(messages[0]["quick_replies"][0]["title"], "担当者と話したい");
}

TEST(messenger_render_test, every_body_is_valid_json_even_for_invalid_utf8) {
  const bot::reply reply{.text = "壊れた\xFF文字 \"引用\" \\ \n改行",
                         .links = {{"t\xC3", "https://example.jp/\xE3"}},
                         .quick_replies = {{"q\xFF", "p\xFF"}}};
  const auto bodies = render_messenger_reply(reply, "psid-42");
  ASSERT_FALSE(bodies.empty());
  for (const std::string& body : bodies) {
    EXPECT_FALSE(json::parse(body, nullptr, false).is_discarded()) << body;
  }
}

}  // namespace
}  // namespace madoguchi::webhook
