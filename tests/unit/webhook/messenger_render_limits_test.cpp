// Every limit of platforms.md §1.7 and §2, checked field by field on the Send API bodies of
// several hundred generated replies, for Messenger and for Instagram.
#include "madoguchi/webhook/messenger_render.hpp"

#include "render_checks.hpp"
#include "render_fixtures.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

std::size_t characters(const json& value) {
  return code_points(value.get<std::string>());
}

void expect_label(const json& value, std::size_t limit) {
  ASSERT_TRUE(value.is_string()) << value.dump();
  EXPECT_FALSE(value.get<std::string>().empty());
  EXPECT_LE(characters(value), limit) << value;
}

void expect_payload(const json& value) {
  expect_label(value, 1000);
}

void expect_web_url_button(const json& button) {
  EXPECT_EQ(button["type"], "web_url");
  const std::string url = button["url"];
  EXPECT_TRUE(url.starts_with("https://") || url.starts_with("http://")) << url;
  expect_label(button["title"], 20);
}

void expect_button_template(const json& payload) {
  expect_label(payload["text"], 640);
  ASSERT_TRUE(payload["buttons"].is_array());
  EXPECT_GE(payload["buttons"].size(), 1u);
  EXPECT_LE(payload["buttons"].size(), 3u);
  for (const json& button : payload["buttons"]) {
    expect_web_url_button(button);
  }
}

void expect_element(const json& element) {
  expect_label(element["title"], 80);
  EXPECT_TRUE(element.contains("subtitle") || element.contains("buttons"))
      << "an element needs more than its title: " << element.dump();
  if (element.contains("subtitle")) {
    expect_label(element["subtitle"], 80);
  }
  if (!element.contains("buttons")) {
    return;
  }
  const json& buttons = element["buttons"];
  EXPECT_GE(buttons.size(), 1u);
  EXPECT_LE(buttons.size(), 3u);
  for (const json& button : buttons) {
    if (button["type"] == "postback") {
      expect_label(button["title"], 20);
      expect_payload(button["payload"]);
    } else {
      expect_web_url_button(button);
    }
  }
}

void expect_generic_template(const json& payload) {
  ASSERT_TRUE(payload["elements"].is_array());
  EXPECT_GE(payload["elements"].size(), 1u);
  EXPECT_LE(payload["elements"].size(), 10u);
  for (const json& element : payload["elements"]) {
    expect_element(element);
  }
}

void expect_quick_replies(const json& chips) {
  ASSERT_TRUE(chips.is_array());
  EXPECT_GE(chips.size(), 1u);
  EXPECT_LE(chips.size(), 13u);
  for (const json& chip : chips) {
    EXPECT_EQ(chip["content_type"], "text");
    expect_label(chip["title"], 20);
    expect_payload(chip["payload"]);
  }
}

// The length of a message's text: Messenger counts characters, Instagram UTF-8 bytes.
std::size_t text_length_on(meta_platform platform, const std::string& text) {
  return platform == meta_platform::instagram ? text.size() : code_points(text);
}

void expect_within_limits(const bot::reply& reply, meta_platform platform) {
  const std::vector<std::string> bodies = render_messenger_reply(reply, "psid-42", platform);
  if (!reply.text.empty()) {
    EXPECT_FALSE(bodies.empty());
  }
  std::string texts;  // the text messages, joined: the answer must survive whole
  std::string button_text;
  bool carousel_seen = false;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    SCOPED_TRACE("body " + std::to_string(i) + ": " + bodies[i].substr(0, 300));
    ASSERT_TRUE(is_valid_utf8(bodies[i]));
    const json document = json::parse(bodies[i], nullptr, false);
    ASSERT_FALSE(document.is_discarded());
    EXPECT_EQ(document["recipient"]["id"], "psid-42");
    EXPECT_EQ(document["messaging_type"], "RESPONSE");
    const json& message = document["message"];
    EXPECT_FALSE(carousel_seen) << "the carousel comes last";
    EXPECT_NE(message.contains("text"), message.contains("attachment"));
    if (message.contains("text")) {
      const std::string text = message["text"];
      EXPECT_FALSE(text.empty());
      EXPECT_LE(text_length_on(platform, text),
                platform == meta_platform::instagram ? 1000u : 2000u);
      texts += text;
    } else {
      const json& payload = message["attachment"]["payload"];
      EXPECT_EQ(message["attachment"]["type"], "template");
      if (payload["template_type"] == "button") {
        expect_button_template(payload);
        button_text = payload["text"];
      } else {
        ASSERT_EQ(payload["template_type"], "generic");
        expect_generic_template(payload);
        carousel_seen = true;
      }
    }
    if (message.contains("quick_replies")) {
      EXPECT_EQ(i + 1, bodies.size()) << "quick replies go on the last message only";
      expect_quick_replies(message["quick_replies"]);
    }
    EXPECT_EQ(bodies[i].find("javascript:"), std::string::npos);
    EXPECT_EQ(bodies[i].find("tel:"), std::string::npos);
  }
  const std::string shown = texts.empty() ? button_text : texts;
  if (platform == meta_platform::instagram) {
    // At most three messages (unless links beyond the buttons need more room than a message
    // leaves: none is dropped); a text cut short keeps its beginning whole, then says so.
    if (reply.links.size() <= 3) {
      EXPECT_LE(bodies.size(), 3u);
    }
    const std::size_t cut = shown.find("…\n（");
    EXPECT_TRUE(cut == std::string::npos ? shown.starts_with(reply.text)
                                         : reply.text.starts_with(shown.substr(0, cut)));
  } else {
    EXPECT_TRUE(shown.starts_with(reply.text));
  }
  for (const std::string& url : web_urls(reply.links)) {
    bool delivered = false;
    for (const std::string& body : bodies) {
      delivered = delivered || body.find(url) != std::string::npos;
    }
    EXPECT_TRUE(delivered) << url;
  }
}

void expect_all_within_limits(meta_platform platform) {
  const std::vector<bot::reply> replies = generated_replies();
  for (std::size_t i = 0; i < replies.size() && !::testing::Test::HasFailure(); ++i) {
    SCOPED_TRACE("reply " + std::to_string(i) + ": " +
                 std::to_string(code_points(replies[i].text)) + " characters, " +
                 std::to_string(replies[i].links.size()) + " links, " +
                 std::to_string(replies[i].cards.size()) + " cards, " +
                 std::to_string(replies[i].quick_replies.size()) + " quick replies");
    expect_within_limits(replies[i], platform);
  }
}

TEST(messenger_render_limits, every_generated_reply_is_within_messenger_limits) {
  expect_all_within_limits(meta_platform::messenger);
}

TEST(messenger_render_limits, every_generated_reply_is_within_instagram_limits) {
  expect_all_within_limits(meta_platform::instagram);
}

}  // namespace
}  // namespace madoguchi::webhook
