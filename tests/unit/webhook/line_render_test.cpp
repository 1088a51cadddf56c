// Tests of render_line_messages: LINE message objects within LINE's limits (5 messages, text 5000
// UTF-16 units, buttons template text 160 with 4 uri actions, flex carousel of 12 bubbles, 13 quick
// replies, labels 20), and the golden messages of every reply kind. The limits over generated
// replies are checked in line_render_limits_test.cpp.
#include "madoguchi/webhook/line_render.hpp"

#include "golden.hpp"
#include "madoguchi/webhook/text_limits.hpp"
#include "render_fixtures.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

TEST(line_render_test, an_empty_reply_is_an_empty_array) {
  EXPECT_EQ(render_line_messages({}), json::array());
  // Quick replies need a message to travel on.
  EXPECT_EQ(
      render_line_messages(
          {.text = {}, .links = {}, .cards = {}, .quick_replies = {{"メニュー", "menu:top"}}}),
      json::array());
}

TEST(line_render_test, text_is_one_text_message) {
  EXPECT_EQ(
      render_line_messages({.text = "こんにちは。", .links = {}, .cards = {}, .quick_replies = {}}),
      json::parse(R"([{"type":"text","text":"こんにちは。"}])"));
}

TEST(line_render_test, short_text_with_links_is_one_buttons_template) {
  const json messages = render_line_messages(
      {.text = "セミナーの案内です。",
       .links = {{"セミナー申し込みページ（大阪府・中小ビジネス向け）", "https://example.jp/s"},
                 {"危険", "javascript:alert(1)"}},
       .cards = {},
       .quick_replies = {}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], json::parse(R"({"type":"template","altText":"セミナーの案内です。",
      "template":{"type":"buttons","text":"セミナーの案内です。","actions":[
        {"type":"uri","label":"セミナー申し込みページ（大阪府・中小ビ…","uri":"https://example.jp/s"}]}})"));
}

TEST(line_render_test, links_beyond_four_are_written_into_the_text) {
  const json messages = render_line_messages(
      {.text = "リンク集です。", .links = numbered_links(6), .cards = {}, .quick_replies = {}});
  ASSERT_EQ(messages.size(), 1u);
  const json& buttons = messages[0]["template"];
  ASSERT_EQ(buttons["actions"].size(), 4u);
  EXPECT_EQ(buttons["text"],
            "リンク集です。\nリンク5: https://example.jp/5\nリンク6: https://example.jp/6");
}

TEST(line_render_test, text_too_long_for_a_template_is_followed_by_the_links_heading) {
  const std::string text = repeat("あ", 161);
  const json messages = render_line_messages(
      {.text = text, .links = numbered_links(1), .cards = {}, .quick_replies = {}});
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["text"], text);
  EXPECT_EQ(messages[1]["template"]["text"], "関連リンクはこちらです。");
  EXPECT_EQ(messages[1]["altText"], text);
  EXPECT_EQ(messages[1]["template"]["actions"][0]["uri"], "https://example.jp/1");
}

TEST(line_render_test, text_is_split_in_5000_utf16_units_so_emoji_count_twice) {
  const std::string text = repeat("😊", 3000);  // 3000 characters, 6000 UTF-16 units
  const json messages =
      render_line_messages({.text = text, .links = {}, .cards = {}, .quick_replies = {}});
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["text"], repeat("😊", 2500));
  EXPECT_EQ(messages[1]["text"], repeat("😊", 500));
}

TEST(line_render_test, never_more_than_five_messages_and_no_link_is_lost) {
  const std::string text = repeat("長い回答です。", 5000);  // 35000 characters
  const json messages = render_line_messages(
      {.text = text, .links = numbered_links(6), .cards = {numbered_card(1)}, .quick_replies = {}});
  ASSERT_EQ(messages.size(), 5u);
  std::string joined;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(messages[i]["type"], "text");
    EXPECT_LE(count_characters(messages[i]["text"].get<std::string>()), 5000u);
    joined += messages[i]["text"].get<std::string>();
  }
  EXPECT_TRUE(text.starts_with(messages[0]["text"].get<std::string>()));
  // The cut answer ends with "…", and the links written into the text still follow it.
  EXPECT_TRUE(joined.ends_with("…\nリンク5: https://example.jp/5\nリンク6: https://example.jp/6"));
  EXPECT_EQ(messages[3]["type"], "template");
  EXPECT_EQ(messages[4]["type"], "flex");
}

TEST(line_render_test, a_card_is_a_bubble_with_a_details_postback_and_two_links) {
  const json messages = render_line_messages(
      {.text = {}, .links = {}, .cards = {numbered_card(1)}, .quick_replies = {}});
  ASSERT_EQ(messages.size(), 1u) << "no text: only the carousel";
  EXPECT_EQ(messages[0], json::parse(R"({"type":"flex","altText":"カード1","contents":{
      "type":"carousel","contents":[{"type":"bubble",
        "body":{"type":"box","layout":"vertical","contents":[
          {"type":"text","text":"カード1","weight":"bold","wrap":true},
          {"type":"text","text":"説明1","size":"sm","wrap":true}]},
        "footer":{"type":"box","layout":"vertical","contents":[
          {"type":"button","style":"primary","action":{"type":"postback","label":"詳しく見る",
           "data":"entry:card-1","displayText":"カード1"}},
          {"type":"button","action":{"type":"uri","label":"申し込み","uri":"https://example.jp/apply/1"}},
          {"type":"button","action":{"type":"uri","label":"地図","uri":"https://example.jp/map/1"}}]}}]}})"));
}

TEST(line_render_test, a_carousel_has_at_most_twelve_bubbles) {
  bot::reply reply;
  for (int i = 0; i < 14; ++i) {
    reply.cards.push_back(numbered_card(i));
  }
  reply.cards[0].title.clear();  // a card without a title is left out
  const json messages = render_line_messages(reply);
  ASSERT_EQ(messages.size(), 1u);
  const json& bubbles = messages[0]["contents"]["contents"];
  ASSERT_EQ(bubbles.size(), 12u);
  EXPECT_EQ(bubbles[11]["body"]["contents"][0]["text"], "カード12");
  EXPECT_TRUE(messages[0]["altText"].get<std::string>().starts_with("カード1\nカード2\n"));
}

TEST(line_render_test, quick_replies_are_postbacks_on_the_last_message) {
  bot::reply reply{.text = repeat("あ", 6000), .links = {}, .cards = {}, .quick_replies = {}};
  for (int i = 0; i < 15; ++i) {
    reply.quick_replies.push_back(
        {"とても長い選択肢のタイトルその" + std::to_string(i) + "（説明つき）",
         "entry:choice-" + std::to_string(i)});
  }
  reply.quick_replies[1].payload = "entry:" + std::string(300, 'x');  // over LINE's 300
  const json messages = render_line_messages(reply);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_FALSE(messages[0].contains("quickReply"));
  const json& items = messages[1]["quickReply"]["items"];
  ASSERT_EQ(items.size(), 13u);
  EXPECT_EQ(items[0], json::parse(R"({"type":"action","action":{"type":"postback",
      "label":"とても長い選択肢のタイトルその0（説明…","data":"entry:choice-0",
      "displayText":"とても長い選択肢のタイトルその0（説明つき）"}})"));
  EXPECT_EQ(items[1]["action"]["data"], "entry:choice-2");
}

TEST(line_render_golden, every_reply_kind_renders_as_its_golden_file) {
  for (const named_reply& fixture : golden_replies()) {
    EXPECT_TRUE(matches_golden("line_" + fixture.kind, render_line_messages(fixture.reply)));
  }
}

}  // namespace
}  // namespace madoguchi::webhook
