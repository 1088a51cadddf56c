// Every limit of platforms.md §3 "Limits", checked field by field on the LINE messages of several
// hundred generated replies.
#include "madoguchi/webhook/line_render.hpp"

#include "render_checks.hpp"
#include "render_fixtures.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

// A string field that must not be empty, of at most `limit` characters or UTF-16 units.
void expect_text(const json& value, std::size_t limit, bool utf16 = false) {
  ASSERT_TRUE(value.is_string()) << value.dump();
  const std::string text = value;
  EXPECT_FALSE(text.empty());
  EXPECT_TRUE(is_valid_utf8(text));
  EXPECT_LE(utf16 ? utf16_units(text) : code_points(text), limit) << text;
}

void expect_uri_action(const json& action) {
  EXPECT_EQ(action["type"], "uri");
  expect_text(action["label"], 20);
  const std::string uri = action["uri"];
  EXPECT_TRUE(uri.starts_with("https://") || uri.starts_with("http://")) << uri;
}

void expect_postback_action(const json& action) {
  EXPECT_EQ(action["type"], "postback");
  expect_text(action["label"], 20);
  expect_text(action["data"], 300);
  expect_text(action["displayText"], 300);
}

void expect_buttons_template(const json& message) {
  expect_text(message["altText"], 400, true);
  const json& buttons = message["template"];
  EXPECT_EQ(buttons["type"], "buttons");
  expect_text(buttons["text"], 160);
  ASSERT_TRUE(buttons["actions"].is_array());
  EXPECT_GE(buttons["actions"].size(), 1u);
  EXPECT_LE(buttons["actions"].size(), 4u);
  for (const json& action : buttons["actions"]) {
    expect_uri_action(action);
  }
}

void expect_bubble(const json& bubble) {
  EXPECT_EQ(bubble["type"], "bubble");
  const json& texts = bubble["body"]["contents"];
  ASSERT_TRUE(texts.is_array());
  EXPECT_GE(texts.size(), 1u);
  for (const json& text : texts) {
    EXPECT_EQ(text["type"], "text");
    expect_text(text["text"], 80);
  }
  if (!bubble.contains("footer")) {
    return;
  }
  const json& buttons = bubble["footer"]["contents"];
  EXPECT_GE(buttons.size(), 1u);
  EXPECT_LE(buttons.size(), 3u);
  for (const json& button : buttons) {
    EXPECT_EQ(button["type"], "button");
    if (button["action"]["type"] == "postback") {
      expect_postback_action(button["action"]);
    } else {
      expect_uri_action(button["action"]);
    }
  }
}

void expect_flex_carousel(const json& message) {
  expect_text(message["altText"], 1500, true);
  const json& carousel = message["contents"];
  EXPECT_EQ(carousel["type"], "carousel");
  EXPECT_LT(carousel.dump().size(), 50'000u);
  ASSERT_TRUE(carousel["contents"].is_array());
  EXPECT_GE(carousel["contents"].size(), 1u);
  EXPECT_LE(carousel["contents"].size(), 12u);
  for (const json& bubble : carousel["contents"]) {
    expect_bubble(bubble);
  }
}

void expect_quick_reply(const json& quick_reply) {
  const json& items = quick_reply["items"];
  ASSERT_TRUE(items.is_array());
  EXPECT_GE(items.size(), 1u);
  EXPECT_LE(items.size(), 13u);
  for (const json& item : items) {
    EXPECT_EQ(item["type"], "action");
    expect_postback_action(item["action"]);
  }
}

void expect_within_limits(const bot::reply& reply) {
  const json messages = render_line_messages(reply);
  ASSERT_TRUE(messages.is_array());
  EXPECT_LE(messages.size(), 5u);
  if (!reply.text.empty()) {
    EXPECT_FALSE(messages.empty());
  }
  const std::string dumped = messages.dump();
  std::string texts;  // the text messages, joined
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const json& message = messages[i];
    SCOPED_TRACE("message " + std::to_string(i));
    if (message["type"] == "text") {
      expect_text(message["text"], 5000, true);
      texts += message["text"].get<std::string>();
    } else if (message["type"] == "template") {
      expect_buttons_template(message);
    } else {
      ASSERT_EQ(message["type"], "flex");
      expect_flex_carousel(message);
      EXPECT_EQ(i + 1, messages.size()) << "the carousel comes last";
    }
    if (message.contains("quickReply")) {
      EXPECT_EQ(i + 1, messages.size()) << "quick replies go on the last message only";
      expect_quick_reply(message["quickReply"]);
    }
  }
  // The answer reaches the person whole, or cut with "…" when five messages cannot hold it.
  const std::string shown = texts.empty() && !messages.empty() && messages[0]["type"] == "template"
                                ? messages[0]["template"]["text"].get<std::string>()
                                : texts;
  const std::size_t cut = shown.find("…");
  EXPECT_TRUE(shown.starts_with(reply.text) ||
              (cut != std::string::npos && reply.text.starts_with(shown.substr(0, cut))))
      << shown.substr(0, 200);
  EXPECT_EQ(dumped.find("javascript:"), std::string::npos);
  EXPECT_EQ(dumped.find("tel:"), std::string::npos);
  for (const std::string& url : web_urls(reply.links)) {
    EXPECT_NE(dumped.find(url), std::string::npos) << url;
  }
}

TEST(line_render_limits, every_generated_reply_is_within_line_limits) {
  const std::vector<bot::reply> replies = generated_replies();
  for (std::size_t i = 0; i < replies.size() && !::testing::Test::HasFailure(); ++i) {
    SCOPED_TRACE("reply " + std::to_string(i) + ": " +
                 std::to_string(code_points(replies[i].text)) + " characters, " +
                 std::to_string(replies[i].links.size()) + " links, " +
                 std::to_string(replies[i].cards.size()) + " cards, " +
                 std::to_string(replies[i].quick_replies.size()) + " quick replies");
    expect_within_limits(replies[i]);
  }
}

}  // namespace
}  // namespace madoguchi::webhook
