// Tests of bot::take_turn over the embedded default knowledge base: the flood limit and a data
// request replace the conversation's answer without moving it on, a safety answer is never
// replaced, and what the pipeline records (decision, unanswered question) follows the turn.
#include "madoguchi/bot/message_turn.hpp"
#include "default_index.hpp"
#include "madoguchi/bot/data_request.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

const clock_seconds t0{std::chrono::seconds(1'800'000'000)};

message_turn say(std::string text, flood_verdict flood = flood_verdict::answer,
                 const session& before = {}) {
  message in;
  in.text = std::move(text);
  return take_turn(default_index(), "osaka-pref", in, before, flood, t0, {});
}

// A session that remembers an earlier answer and offered choices.
session earlier() {
  session s;
  s.topic = "seminar-osaka";
  s.offered = {"entry:a", "entry:b"};
  s.updated = t0 - std::chrono::minutes(1);
  return s;
}

TEST(message_turn, an_answer_is_counted_by_its_route) {
  const message_turn t = say("SNSセミナーに申し込みたい");
  ASSERT_TRUE(t.decided.reply);
  EXPECT_EQ(t.override, turn_override::none);
  EXPECT_EQ(t.decision, to_string(t.decided.reply->chosen));
  EXPECT_FALSE(t.forget_person);
  EXPECT_TRUE(t.unanswered.empty());
}

TEST(message_turn, a_question_the_bot_cannot_answer_goes_to_the_unanswered_inbox_normalised) {
  const message_turn t = say("明日の天気を教えて");
  ASSERT_TRUE(t.decided.reply);
  ASSERT_EQ(t.decided.reply->chosen, route::fallback);
  EXPECT_EQ(t.decision, "fallback");
  EXPECT_EQ(t.unanswered, nlp::normalize("明日の天気を教えて"));
}

TEST(message_turn, choices_offered_for_want_of_a_clear_answer_go_to_the_unanswered_inbox) {
  const message_turn t = say("市役所の開庁時間は？");
  ASSERT_TRUE(t.decided.reply);
  ASSERT_EQ(t.decided.reply->chosen, route::clarify);
  EXPECT_FALSE(t.decided.hand_over) << "no one asked for a person";
  EXPECT_EQ(t.unanswered, nlp::normalize("市役所の開庁時間は？"));
}

TEST(message_turn, the_first_message_over_the_flood_limit_is_told_to_wait_and_changes_nothing) {
  const message_turn t = say("SNSセミナーに申し込みたい", flood_verdict::warn, earlier());
  ASSERT_TRUE(t.decided.reply);
  EXPECT_EQ(t.decided.reply->message.text, slow_down_reply().text);
  EXPECT_EQ(t.override, turn_override::rate_limited);
  EXPECT_EQ(t.decision, "rate_limited");
  EXPECT_EQ(t.decided.after.topic, earlier().topic);
  EXPECT_EQ(t.decided.after.offered, earlier().offered);
  EXPECT_FALSE(t.decided.hand_over);
}

TEST(message_turn, later_messages_over_the_flood_limit_are_not_answered) {
  const message_turn t = say("SNSセミナーに申し込みたい", flood_verdict::ignore);
  EXPECT_FALSE(t.decided.reply);
  EXPECT_EQ(t.decision, "rate_limited");
}

TEST(message_turn, a_crisis_is_answered_with_the_hotlines_even_over_the_flood_limit) {
  const message_turn t = say("もう死にたい", flood_verdict::ignore);
  ASSERT_TRUE(t.decided.reply);
  EXPECT_EQ(t.decided.reply->chosen, route::safety);
  EXPECT_EQ(t.override, turn_override::none);
  EXPECT_EQ(t.decision, "safety");
}

TEST(message_turn, a_data_request_is_confirmed_first_and_deleted_only_when_confirmed) {
  const message_turn asked = say("私のデータを削除してください", flood_verdict::answer, earlier());
  ASSERT_TRUE(asked.decided.reply);
  EXPECT_EQ(asked.override, turn_override::data_request);
  EXPECT_EQ(asked.decided.reply->message.text, data_request_reply(data_request::asked).text);
  EXPECT_FALSE(asked.forget_person);
  EXPECT_EQ(asked.decided.after.topic, earlier().topic);

  message confirm;
  confirm.payload = std::string(forget_payload);
  const message_turn confirmed =
      take_turn(default_index(), "osaka-pref", confirm, earlier(), flood_verdict::answer, t0, {});
  EXPECT_EQ(confirmed.override, turn_override::data_forgotten);
  EXPECT_TRUE(confirmed.forget_person);
  EXPECT_EQ(confirmed.decision, "data_forgotten");
}

}  // namespace
}  // namespace madoguchi::bot
