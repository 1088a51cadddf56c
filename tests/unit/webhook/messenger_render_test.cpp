// Tests of render_messenger_reply: Send API bodies within Messenger's and Instagram's limits (text
// 2000 characters or 1000 bytes, button template text 640 with 1-3 web_url buttons, carousels of
// 10 elements, 13 quick replies, titles 20), and the golden bodies of every reply kind. The limits
// over generated replies are checked in messenger_render_limits_test.cpp.
#include "madoguchi/webhook/messenger_render.hpp"

#include "golden.hpp"
#include "madoguchi/webhook/text_limits.hpp"
#include "render_fixtures.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

std::vector<json> render(const bot::reply& reply,
                         meta_platform platform = meta_platform::messenger) {
  std::vector<json> messages;
  for (const std::string& body : render_messenger_reply(reply, "psid-42", platform)) {
    const json document = json::parse(body, nullptr, false);
    EXPECT_FALSE(document.is_discarded()) << body;
    EXPECT_EQ(document["recipient"]["id"], "psid-42");
    EXPECT_EQ(document["messaging_type"], "RESPONSE");
    messages.push_back(document["message"]);
  }
  return messages;
}

bool is_button_template(const json& message) {
  return message.contains("attachment") &&
         message["attachment"]["payload"]["template_type"] == "button";
}

bool is_generic_template(const json& message) {
  return message.contains("attachment") &&
         message["attachment"]["payload"]["template_type"] == "generic";
}

std::size_t characters(const json& value) {
  return count_characters(value.get<std::string>());
}

TEST(messenger_render_test, text_only_reply_is_one_text_message) {
  const auto messages =
      render({.text = "こんにちは。", .links = {}, .cards = {}, .quick_replies = {}});
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
                         .cards = {},
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
  bot::reply reply{.text = "リンク集です。", .links = {}, .cards = {}, .quick_replies = {}};
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
                         .cards = {},
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
  const auto messages = render({.text = text, .links = {}, .cards = {}, .quick_replies = {}});
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
                         .cards = {},
                         .quick_replies = {}};
  const auto bodies = render_messenger_reply(reply, "psid-42");
  for (const std::string& body : bodies) {
    EXPECT_EQ(body.find("javascript:"), std::string::npos) << body;
    EXPECT_EQ(body.find("data:text"), std::string::npos) << body;
  }
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_EQ(messages[0]["attachment"]["payload"]["buttons"].size(), 1u);

  const auto only_bad = render(
      {.text = "案内", .links = {{"x", "javascript:void(0)"}}, .cards = {}, .quick_replies = {}});
  ASSERT_EQ(only_bad.size(), 1u);
  EXPECT_EQ(only_bad[0]["text"], "案内");
}

TEST(messenger_render_test, quick_replies_go_on_the_last_message_only_within_limits) {
  bot::reply reply{
      .text = repeat("長い回答です。", 400), .links = {}, .cards = {}, .quick_replies = {}};
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
                         .cards = {},
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
                         .cards = {},
                         .quick_replies = {{"q\xFF", "p\xFF"}}};
  const auto bodies = render_messenger_reply(reply, "psid-42");
  ASSERT_FALSE(bodies.empty());
  for (const std::string& body : bodies) {
    EXPECT_FALSE(json::parse(body, nullptr, false).is_discarded()) << body;
  }
}

TEST(messenger_render_test, instagram_splits_text_within_1000_bytes_at_sentences) {
  const std::string text = repeat("災害支援ハブは安否確認に使えます。", 50);  // 2550 bytes
  const auto messages = render({.text = text, .links = {}, .cards = {}, .quick_replies = {}},
                               meta_platform::instagram);
  ASSERT_EQ(messages.size(), 3u);
  std::string joined;
  for (const json& message : messages) {
    const std::string piece = message["text"];
    EXPECT_LE(piece.size(), 1000u);
    EXPECT_TRUE(piece.ends_with("。")) << piece;
    joined += piece;
  }
  EXPECT_EQ(joined, text);
  // Messenger counts characters: the same 850 characters are one message.
  EXPECT_EQ(render({.text = text, .links = {}, .cards = {}, .quick_replies = {}}).size(), 1u);
}

TEST(messenger_render_test, a_long_instagram_answer_is_three_messages_ending_with_its_links) {
  const std::string text = repeat("災害支援ハブは安否確認に使えます。", 100);  // 5100 bytes
  const auto cut = render({.text = text, .links = {}, .cards = {}, .quick_replies = {}},
                          meta_platform::instagram);
  ASSERT_EQ(cut.size(), 3u);
  const std::string last = cut[2]["text"];
  EXPECT_LE(last.size(), 1000u);
  EXPECT_TRUE(last.ends_with("（長いため、ここまでをお送りしました）")) << last;

  // With links: two texts, the last pointing to them, then the links' buttons; links beyond the
  // three buttons are written after the pointer, so none is lost.
  const auto linked = render({.text = text,
                              .links = {{"申し込み", "https://example.jp/1"},
                                        {"日程", "https://example.jp/2"},
                                        {"会場", "https://example.jp/3"},
                                        {"全文", "https://example.jp/4"}},
                              .cards = {},
                              .quick_replies = {}},
                             meta_platform::instagram);
  ASSERT_EQ(linked.size(), 3u);
  const std::string pointer = linked[1]["text"];
  EXPECT_LE(pointer.size(), 1000u);
  EXPECT_NE(pointer.find("（続きは次のリンク先でご覧いただけます）\n全文: https://example.jp/4"),
            std::string::npos)
      << pointer;
  EXPECT_EQ(linked[2]["attachment"]["payload"]["buttons"].size(), 3u);
  EXPECT_TRUE(std::string(linked[0]["text"]).starts_with("災害支援ハブは"));
}

TEST(messenger_render_test, instagram_keeps_button_templates_and_quick_replies) {
  const bot::reply reply{.text = "どれですか？",
                         .links = {{"a", "https://example.jp/a"}},
                         .cards = {},
                         .quick_replies = {{"担当者と話したい", "entry:human-handoff"}}};
  EXPECT_EQ(render(reply, meta_platform::instagram), render(reply));
}

TEST(messenger_render_test, cards_are_a_carousel_after_the_text) {
  const bot::reply reply{.text = "子育て支援の情報です。",
                         .links = {},
                         .cards = {numbered_card(1), numbered_card(2)},
                         .quick_replies = {}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["text"], "子育て支援の情報です。");
  ASSERT_TRUE(is_generic_template(messages[1])) << messages[1].dump();
  const json& elements = messages[1]["attachment"]["payload"]["elements"];
  ASSERT_EQ(elements.size(), 2u);
  EXPECT_EQ(elements[0]["title"], "カード1");
  EXPECT_EQ(elements[0]["subtitle"], "説明1");
  const json& buttons = elements[0]["buttons"];
  // The postback first, then two http(s) links: the tel: link is dropped, the fourth has no room.
  ASSERT_EQ(buttons.size(), 3u);
  EXPECT_EQ(buttons[0],
            json({{"type", "postback"}, {"title", "詳しく見る"}, {"payload", "entry:card-1"}}));
  EXPECT_EQ(buttons[1]["url"], "https://example.jp/apply/1");
  EXPECT_EQ(buttons[2]["url"], "https://example.jp/map/1");
}

TEST(messenger_render_test, a_carousel_has_ten_elements_with_titles_of_80_characters) {
  bot::reply reply;
  for (int i = 0; i < 14; ++i) {
    bot::card card = numbered_card(i);
    card.title = repeat("長", 100);
    card.subtitle = repeat("説", 100);
    reply.cards.push_back(card);
  }
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u) << "no text: only the carousel";
  const json& elements = messages[0]["attachment"]["payload"]["elements"];
  ASSERT_EQ(elements.size(), 10u);
  EXPECT_EQ(elements[9]["buttons"][0]["payload"], "entry:card-9");
  EXPECT_EQ(elements[0]["title"], repeat("長", 79) + "…");
  EXPECT_EQ(elements[0]["subtitle"], repeat("説", 79) + "…");
}

TEST(messenger_render_test, cards_the_send_api_would_refuse_are_left_out) {
  const bot::reply reply{.text = {},
                         .links = {},
                         .cards = {{"", "題名なし", "entry:a", {}},
                                   {"題名だけ", "", "", {}},
                                   {"長すぎるペイロード", "", std::string(1001, 'x'), {}},
                                   {"残るカード", "", "entry:kept", {}}},
                         .quick_replies = {}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  const json& elements = messages[0]["attachment"]["payload"]["elements"];
  ASSERT_EQ(elements.size(), 1u);
  EXPECT_EQ(elements[0]["title"], "残るカード");
  EXPECT_FALSE(elements[0].contains("subtitle"));
}

TEST(messenger_render_test, quick_replies_go_on_the_carousel_when_it_is_last) {
  const bot::reply reply{.text = "一覧です。",
                         .links = {},
                         .cards = {numbered_card(1)},
                         .quick_replies = {{"メニュー", "menu:top"}}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_FALSE(messages[0].contains("quick_replies"));
  ASSERT_TRUE(is_generic_template(messages[1]));
  ASSERT_EQ(messages[1]["quick_replies"].size(), 1u);
}

TEST(messenger_render_test, chips_without_a_title_or_a_fitting_payload_are_left_out) {
  const bot::reply reply{.text = "どれですか？",
                         .links = {},
                         .cards = {},
                         .quick_replies = {{"", "entry:untitled"},
                                           {"空のペイロード", ""},
                                           {"長いペイロード", "entry:" + std::string(1000, 'x')},
                                           {"残る", "entry:kept"}}};
  const auto messages = render(reply);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_EQ(messages[0]["quick_replies"].size(), 1u);
  EXPECT_EQ(messages[0]["quick_replies"][0]["payload"], "entry:kept");
}

// The Send API bodies of `reply`, parsed, as the golden files hold them.
json bodies_of(const bot::reply& reply, meta_platform platform) {
  json bodies = json::array();
  for (const std::string& body : render_messenger_reply(reply, "psid-42", platform)) {
    bodies.push_back(json::parse(body));
  }
  return bodies;
}

TEST(messenger_render_golden, every_reply_kind_renders_as_its_golden_file) {
  for (const named_reply& fixture : golden_replies()) {
    EXPECT_TRUE(matches_golden("messenger_" + fixture.kind,
                               bodies_of(fixture.reply, meta_platform::messenger)));
  }
}

TEST(instagram_render_golden, every_reply_kind_renders_as_its_golden_file) {
  for (const named_reply& fixture : golden_replies()) {
    EXPECT_TRUE(matches_golden("instagram_" + fixture.kind,
                               bodies_of(fixture.reply, meta_platform::instagram)));
  }
}

}  // namespace
}  // namespace madoguchi::webhook
