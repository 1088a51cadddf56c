// Tests of messenger_profile_body: the Get Started payload, the greeting in both locales within
// 160 characters, and a persistent menu of at most 20 postbacks titled in 30 characters whose
// payloads the bot understands.
#include "madoguchi/webhook/messenger_profile.hpp"

#include "madoguchi/bot/menu.hpp"
#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/webhook/text_limits.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

json profile() {
  const json document = json::parse(messenger_profile_body(), nullptr, false);
  EXPECT_FALSE(document.is_discarded());
  return document;
}

TEST(messenger_profile, get_started_posts_back_the_get_started_payload) {
  const json body = profile();
  EXPECT_EQ(body["get_started"]["payload"], std::string(bot::get_started_payload));
}

TEST(messenger_profile, greeting_has_the_default_and_japanese_locales_within_the_limit) {
  const json body = profile();
  ASSERT_TRUE(body["greeting"].is_array());
  std::set<std::string> locales;
  for (const json& greeting : body["greeting"]) {
    locales.insert(greeting["locale"].get<std::string>());
    const std::string text = greeting["text"];
    EXPECT_FALSE(text.empty());
    EXPECT_LE(count_characters(text), greeting_limit) << text;
    // The shipped greeting fits whole: nothing is cut from it.
    EXPECT_EQ(text, fit_greeting(bot::greeting_text()));
  }
  EXPECT_EQ(locales, (std::set<std::string>{"default", "ja_JP"}));
}

TEST(messenger_profile, persistent_menu_has_one_postback_per_category_the_bot_understands) {
  const json body = profile();
  ASSERT_EQ(body["persistent_menu"].size(), 1u);
  const json& menu = body["persistent_menu"][0];
  EXPECT_EQ(menu["locale"], "default");
  EXPECT_EQ(menu["composer_input_disabled"], false);
  const json& actions = menu["call_to_actions"];
  ASSERT_TRUE(actions.is_array());
  EXPECT_LE(actions.size(), menu_item_limit);
  ASSERT_EQ(actions.size(), bot::menu_categories().size());

  for (std::size_t i = 0; i < actions.size(); ++i) {
    const json& action = actions[i];
    const bot::menu_category& category = bot::menu_categories()[i];
    EXPECT_EQ(action["type"], "postback");
    const std::string title = action["title"];
    EXPECT_FALSE(title.empty());
    EXPECT_LE(count_characters(title), menu_title_limit) << title;
    EXPECT_EQ(title, category.label);

    const std::string payload = action["payload"];
    const std::string_view menu_id = bot::menu_id_of_payload(payload);
    const std::string_view entry_id = bot::entry_id_of_payload(payload);
    EXPECT_TRUE(!menu_id.empty() || !entry_id.empty()) << payload;
    if (category.query.empty()) {
      // Talk to staff: the hand-over entry, as the menu's quick replies do.
      EXPECT_EQ(payload, bot::entry_payload(knowledge::well_known::human_handoff));
    } else {
      EXPECT_EQ(payload, bot::menu_payload(category.id));
      const bot::menu_category* found = bot::find_menu_category(menu_id);
      ASSERT_NE(found, nullptr) << payload;
      EXPECT_EQ(found->id, category.id);
    }
  }
}

TEST(messenger_profile, pretty_and_compact_bodies_are_the_same_document) {
  const std::string compact = messenger_profile_body();
  const std::string pretty = messenger_profile_body(2);
  EXPECT_EQ(compact.find('\n'), std::string::npos);
  EXPECT_NE(pretty.find('\n'), std::string::npos);
  EXPECT_EQ(json::parse(compact), json::parse(pretty));
  // Japanese text is sent as UTF-8, not escaped.
  EXPECT_NE(compact.find("こんにちは"), std::string::npos);
}

TEST(fit_greeting, short_text_is_kept_whole) {
  EXPECT_EQ(fit_greeting("こんにちは。", 160), "こんにちは。");
  EXPECT_EQ(fit_greeting("", 160), "");
}

TEST(fit_greeting, long_text_is_cut_after_the_last_sentence_that_fits) {
  std::string text = "こんにちは。";  // 6 characters
  for (int i = 0; i < 30; ++i) {
    text += "これは長い文です。";  // 9 characters each
  }
  const std::string fitted = fit_greeting(text, 160);
  EXPECT_LE(count_characters(fitted), 160u);
  EXPECT_EQ(count_characters(fitted), 6u + 17u * 9u);
  EXPECT_TRUE(fitted.ends_with("。")) << fitted;
}

TEST(fit_greeting, text_without_a_sentence_end_is_shortened_with_an_ellipsis) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "あ";
  }
  const std::string fitted = fit_greeting(text, 160);
  EXPECT_EQ(count_characters(fitted), 160u);
  EXPECT_TRUE(fitted.ends_with("…"));
}

TEST(fit_greeting, a_sentence_end_too_early_is_not_used) {
  std::string text = "はい。";
  for (int i = 0; i < 200; ++i) {
    text += "あ";
  }
  const std::string fitted = fit_greeting(text, 160);
  EXPECT_EQ(count_characters(fitted), 160u);
  EXPECT_TRUE(fitted.ends_with("…"));
}

}  // namespace
}  // namespace madoguchi::webhook
