// Tests of bot::converse over the embedded default knowledge base: choices offered and picked
// by position, hand-over (asked, repeated fallbacks, safety), silence while staff own the
// thread, taking it back after the quiet period, the menu and category carousels.
#include "madoguchi/bot/conversation.hpp"
#include "default_index.hpp"
#include "madoguchi/bot/menu.hpp"
#include "madoguchi/knowledge/default_content.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

using namespace std::chrono_literals;

const clock_seconds t0{std::chrono::seconds(1'800'000'000)};

class conversation_test : public ::testing::Test {
 protected:
  static turn say(const session& s, std::string text, clock_seconds now = t0,
                  conversation_options options = {}) {
    message in;
    in.text = std::move(text);
    return converse(kb(), "osaka-pref", in, s, now, options);
  }
  static turn tap(const session& s, std::string payload, clock_seconds now = t0) {
    message in;
    in.payload = std::move(payload);
    return converse(kb(), "osaka-pref", in, s, now, {});
  }
  static const knowledge::index& kb() { return default_index(); }
};

// A session right after the bot offered three choices.
session offering(std::vector<std::string> payloads) {
  session s;
  s.offered = std::move(payloads);
  s.updated = t0 - 1min;
  return s;
}

TEST(ordinal_choice_test, reads_the_ways_people_name_a_position) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::size_t>>{
           {"2", 2},
           {"2番", 2},
           {"2番目", 2},
           {"2番目です", 2},
           {"2番目をお願いします", 2},
           {"3つ目", 3},
           {"二番目", 2},
           {"三つ目", 3},
           {"1個目", 1},
           {"最初の", 1},
           {"最初のもの", 1},
           {"一番上", 1},
           {"2。", 2},
       }) {
    EXPECT_EQ(ordinal_choice(text), expected) << text;
  }
  for (const std::string text : {"", "2人で参加します", "20代です", "セミナー", "0", "2024年"}) {
    EXPECT_EQ(ordinal_choice(text), std::nullopt) << text;
  }
}

TEST_F(conversation_test, a_position_picks_from_the_choices_offered_last) {
  const session s = offering(
      {"entry:osaka-boost-seminar", "entry:osaka-boost-seminar-online", "entry:blueprint"});
  const turn second = say(s, "２番目");
  ASSERT_TRUE(second.reply);
  EXPECT_EQ(second.reply->chosen, route::answer);
  EXPECT_EQ(second.reply->entry_id, "osaka-boost-seminar-online");
  EXPECT_TRUE(second.after.offered.empty());  // answered: nothing left to pick from

  const turn circled = say(s, "③");
  ASSERT_TRUE(circled.reply);
  EXPECT_EQ(circled.reply->entry_id, "blueprint");
}

TEST_F(conversation_test, a_position_beyond_the_choices_or_after_the_memory_is_not_a_pick) {
  const session s = offering({"entry:osaka-boost-seminar", "entry:blueprint"});
  const turn fifth = say(s, "5番目");
  ASSERT_TRUE(fifth.reply);
  EXPECT_NE(fifth.reply->entry_id, "blueprint");
  EXPECT_NE(fifth.reply->entry_id, "osaka-boost-seminar");

  const turn late = say(s, "2番目", t0 + 2h);
  ASSERT_TRUE(late.reply);
  EXPECT_NE(late.reply->entry_id, "blueprint");
}

TEST_F(conversation_test, clarifying_remembers_the_choices_in_the_order_shown) {
  // A near hit of the development set: three choices.
  message in;
  in.text = "職員向けのSNS研修って、具体的にどんなことを教えてもらえるんですか";
  const turn t = converse(kb(), "yokote", in, {}, t0, {});
  ASSERT_TRUE(t.reply);
  ASSERT_EQ(t.reply->chosen, route::clarify);
  ASSERT_FALSE(t.reply->message.quick_replies.empty());
  std::vector<std::string> shown;
  for (const quick_reply& chip : t.reply->message.quick_replies) {
    shown.push_back(chip.payload);
  }
  EXPECT_EQ(t.after.offered, shown);

  in.text = "1";
  const turn picked = converse(kb(), "yokote", in, t.after, t0, {});
  ASSERT_TRUE(picked.reply);
  EXPECT_EQ(picked.reply->chosen, route::answer);
  EXPECT_EQ(entry_payload(picked.reply->entry_id), shown.front());
}

TEST_F(conversation_test, asking_for_a_person_hands_over_and_says_what_happens_next) {
  const turn t = say({}, "担当者と話したい");
  ASSERT_TRUE(t.reply);
  EXPECT_EQ(t.reply->chosen, route::handoff);
  EXPECT_TRUE(t.hand_over);
  EXPECT_FALSE(t.take_back);
  EXPECT_EQ(t.after.owner, thread_owner::staff);
  EXPECT_EQ(t.after.reason, handover_reason::asked);
  EXPECT_NE(t.reply->message.text.find("担当職員"), std::string::npos);
}

TEST_F(conversation_test, repeated_fallbacks_hand_over) {
  const turn first = say({}, "駐車場はありますか");
  ASSERT_TRUE(first.reply);
  EXPECT_EQ(first.reply->chosen, route::fallback);
  EXPECT_FALSE(first.hand_over);
  EXPECT_EQ(first.after.fallbacks, 1);

  const turn second = say(first.after, "明日の天気を教えて", t0 + 1min);
  ASSERT_TRUE(second.reply);
  EXPECT_EQ(second.reply->chosen, route::handoff);
  EXPECT_TRUE(second.hand_over);
  EXPECT_EQ(second.after.reason, handover_reason::fallbacks);
  EXPECT_EQ(second.reply->message.text.find("うまくお答えできず"), 0u);
}

TEST_F(conversation_test, an_answer_in_between_resets_the_fallback_count) {
  const turn first = say({}, "駐車場はありますか");
  const turn answered = say(first.after, "Facebookページの作成は無料ですか", t0 + 1min);
  ASSERT_TRUE(answered.reply);
  EXPECT_EQ(answered.reply->chosen, route::answer);
  EXPECT_EQ(answered.after.fallbacks, 0);
  const turn again = say(answered.after, "プロ野球の結果は", t0 + 2min);
  EXPECT_FALSE(again.hand_over);
}

// A follow-up that names no topic is read with the entry answered last; a question with a topic
// of its own, a thanks, or a follow-up after the session's memory is not.
TEST_F(conversation_test, a_follow_up_is_read_with_the_entry_answered_last) {
  const turn answered = say({}, "大阪府のFacebookセミナーに申し込みたい");
  ASSERT_TRUE(answered.reply);
  ASSERT_EQ(answered.reply->chosen, route::answer);
  const std::string topic = answered.reply->entry_id;
  EXPECT_EQ(answered.after.topic, topic);

  for (const char* follow_up : {"それっていつ？", "締切は？", "その申し込みはどこから？"}) {
    const turn next = say(answered.after, follow_up, t0 + 2min);
    ASSERT_TRUE(next.reply) << follow_up;
    EXPECT_EQ(next.reply->chosen, route::answer) << follow_up;
    EXPECT_EQ(next.reply->entry_id, topic) << follow_up;
  }
  // Alone, the same words are no answer about it: the topic made the difference.
  EXPECT_NE(say({}, "それっていつ？", t0 + 2min).reply->chosen, route::answer);
  EXPECT_TRUE(say({}, "締切は？", t0 + 2min).reply->calendar_listing);  // the tenant's events

  const turn thanks = say(answered.after, "ありがとう", t0 + 2min);
  EXPECT_NE(thanks.reply->entry_id, topic);
  const turn later = say(answered.after, "それっていつ？", t0 + 31min);
  EXPECT_NE(later.reply->chosen, route::answer);
  EXPECT_TRUE(later.after.topic.empty());
  const turn other = say(answered.after, "災害のときFacebookで安否を知らせたい", t0 + 2min);
  EXPECT_NE(other.reply->entry_id, topic);
  const turn account = say(answered.after, "このアカウントについて教えて", t0 + 2min);
  EXPECT_NE(account.reply->entry_id, topic);
}

// The choice a person tapped becomes the topic.
TEST_F(conversation_test, a_tapped_choice_becomes_the_topic) {
  const turn tapped = tap({}, entry_payload("page-free"), t0);
  ASSERT_TRUE(tapped.reply);
  EXPECT_EQ(tapped.after.topic, "page-free");
}

TEST_F(conversation_test, a_sticker_right_after_an_answer_is_thanks_said_back_once) {
  const turn answered = tap({}, entry_payload("page-free"), t0);
  ASSERT_EQ(answered.after.topic, "page-free");
  message sticker;
  sticker.payload = std::string(sticker_payload);
  sticker.has_attachment = true;
  const turn thanked = converse(kb(), "osaka-pref", sticker, answered.after, t0 + 10s, {});
  ASSERT_TRUE(thanked.reply);
  EXPECT_TRUE(thanked.reply->message.text.starts_with("どういたしまして"))
      << thanked.reply->message.text;
  EXPECT_EQ(thanked.after.fallbacks, 0u);
  // A second one is a sticker alone: the bot asks for words, as for any sticker out of the blue.
  const turn again = converse(kb(), "osaka-pref", sticker, thanked.after, t0 + 20s, {});
  ASSERT_TRUE(again.reply);
  EXPECT_FALSE(again.reply->message.text.starts_with("どういたしまして"));
  EXPECT_NE(again.reply->message.text.find("文字で"), std::string::npos)
      << again.reply->message.text;
}

TEST_F(conversation_test, the_safety_hand_over_names_the_conversation_in_the_platforms_word) {
  for (const auto& [platform, words] :
       std::vector<std::pair<std::string, std::string>>{{"line", "このトーク"},
                                                        {"messenger", "このメッセージのやりとり"},
                                                        {"instagram", "このDM"},
                                                        {"", "この会話"}}) {
    message in;
    in.text = "もう死にたい";
    in.platform = platform;
    const turn t = converse(kb(), "osaka-pref", in, {}, t0, {});
    ASSERT_TRUE(t.reply);
    EXPECT_NE(t.reply->message.text.find(words + "でお返事します"), std::string::npos)
        << platform << ": " << t.reply->message.text;
  }
}

TEST_F(conversation_test, a_safety_message_gives_hotlines_and_hands_over) {
  const turn t = say({}, "もう死にたい");
  ASSERT_TRUE(t.reply);
  EXPECT_EQ(t.reply->chosen, route::safety);
  EXPECT_TRUE(t.hand_over);
  EXPECT_EQ(t.after.reason, handover_reason::safety);
  EXPECT_NE(t.reply->message.text.find("0120"), std::string::npos) << t.reply->message.text;
  EXPECT_NE(t.reply->message.text.find("職員にも引き継ぎました"), std::string::npos);
}

TEST_F(conversation_test, the_bot_is_silent_while_staff_own_the_thread) {
  const turn handed = say({}, "担当者と話したい");
  const turn quiet = say(handed.after, "セミナーの申し込み方法を教えてください", t0 + 10min);
  EXPECT_FALSE(quiet.reply);
  EXPECT_FALSE(quiet.hand_over);
  EXPECT_FALSE(quiet.take_back);
  EXPECT_EQ(quiet.after.owner, thread_owner::staff);
}

TEST_F(conversation_test, staff_activity_extends_the_quiet_period) {
  const turn handed = say({}, "担当者と話したい");
  const session active = on_staff_activity(handed.after, t0 + 50min);
  EXPECT_FALSE(say(active, "セミナー 申し込み", t0 + 100min).reply);
}

TEST_F(conversation_test, after_the_quiet_period_the_bot_takes_the_thread_back_and_answers) {
  const turn handed = say({}, "担当者と話したい");
  const turn back = say(handed.after, "Facebookページの作成は無料ですか", t0 + 61min);
  ASSERT_TRUE(back.reply);
  EXPECT_TRUE(back.take_back);
  EXPECT_EQ(back.reply->chosen, route::answer);
  EXPECT_EQ(back.after.owner, thread_owner::bot);
}

TEST_F(conversation_test, released_threads_are_answered_again) {
  const turn handed = say({}, "担当者と話したい");
  const session released = on_staff_release(handed.after, t0 + 5min);
  const turn t = say(released, "Facebookページの作成は無料ですか", t0 + 6min);
  ASSERT_TRUE(t.reply);
  EXPECT_FALSE(t.take_back);
  EXPECT_EQ(t.reply->chosen, route::answer);
}

TEST_F(conversation_test, a_safety_message_is_answered_even_while_staff_own_the_thread) {
  const turn handed = say({}, "担当者と話したい");
  const turn t = say(handed.after, "消えたい。もう死にたい", t0 + 5min);
  ASSERT_TRUE(t.reply);
  EXPECT_EQ(t.reply->chosen, route::safety);
  EXPECT_TRUE(t.take_back);
  EXPECT_TRUE(t.hand_over);
  EXPECT_EQ(t.after.owner, thread_owner::staff);
}

TEST_F(conversation_test, get_started_greets_with_the_category_menu) {
  const turn t = tap({}, std::string(get_started_payload));
  ASSERT_TRUE(t.reply);
  EXPECT_EQ(t.reply->message.text, greeting_text());
  EXPECT_EQ(t.reply->message.quick_replies, menu_quick_replies());
  EXPECT_EQ(t.reply->message.quick_replies.size(), menu_categories().size());
  EXPECT_EQ(t.reply->message.quick_replies.back().payload, "entry:human-handoff");
}

TEST_F(conversation_test, a_category_is_a_carousel_of_the_tenants_entries) {
  const turn t = tap({}, menu_payload("seminars"));
  ASSERT_TRUE(t.reply);
  const auto& cards = t.reply->message.cards;
  ASSERT_GE(cards.size(), 2u);
  EXPECT_LE(cards.size(), 10u);
  bool has_boost_seminar = false;
  for (const card& c : cards) {
    EXPECT_FALSE(entry_id_of_payload(c.payload).empty());
    EXPECT_NE(entry_id_of_payload(c.payload), "crisis-self-harm");
    has_boost_seminar |= c.payload == "entry:osaka-boost-seminar";
  }
  EXPECT_TRUE(has_boost_seminar);
  // 「2番目」 after a carousel picks its second card.
  const turn second = say(t.after, "2番目");
  ASSERT_TRUE(second.reply);
  EXPECT_EQ(entry_payload(second.reply->entry_id), cards[1].payload);
}

TEST_F(conversation_test, every_menu_category_finds_entries_for_every_default_tenant) {
  for (const knowledge::tenant& tenant : knowledge::embedded_default_content().tenants) {
    for (const menu_category& category : menu_categories()) {
      if (category.query.empty()) {
        continue;
      }
      message in;
      in.payload = menu_payload(category.id);
      const turn t = converse(kb(), tenant.id, in, {}, t0, {});
      ASSERT_TRUE(t.reply);
      EXPECT_GE(t.reply->message.cards.size(), 1u) << tenant.id << " " << category.id;
    }
  }
}

}  // namespace
}  // namespace madoguchi::bot
