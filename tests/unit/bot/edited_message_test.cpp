// Tests of bot::answers_edit and bot::remember_answered: an edit is answered only when the first
// version was not (the fallback, or never decided), and the session remembers a few ids only.
#include "madoguchi/bot/edited_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::bot {
namespace {

TEST(edited_message_test, an_edit_of_an_answered_message_is_not_answered_again) {
  session s;
  remember_answered(s, "m.1", "answer");
  remember_answered(s, "m.2", "clarify");
  remember_answered(s, "m.3", "safety");
  EXPECT_FALSE(answers_edit(s, "m.1"));
  EXPECT_FALSE(answers_edit(s, "m.2"));
  EXPECT_FALSE(answers_edit(s, "m.3"));
}

TEST(edited_message_test, an_edit_of_a_fallback_or_an_unseen_message_is_answered) {
  session s;
  remember_answered(s, "m.1", "fallback");
  remember_answered(s, "m.2", "none");  // staff owned the thread: nothing was sent
  EXPECT_TRUE(answers_edit(s, "m.1"));
  EXPECT_TRUE(answers_edit(s, "m.2"));
  EXPECT_TRUE(answers_edit(s, "m.9"));
  EXPECT_TRUE(s.answered.empty());
}

TEST(edited_message_test, only_the_last_answered_ids_are_kept_and_none_twice) {
  session s;
  for (std::size_t i = 0; i < answered_messages_kept + 3; ++i) {
    remember_answered(s, "m." + std::to_string(i), "answer");
  }
  remember_answered(s, "m.10", "answer");
  EXPECT_EQ(s.answered.size(), answered_messages_kept);
  EXPECT_TRUE(answers_edit(s, "m.0"));  // forgotten: answered again if edited now
  EXPECT_FALSE(answers_edit(s, "m.10"));
  EXPECT_EQ(s.answered.back(), "m.10");
  EXPECT_EQ(s.answered.front(), "m.3");
}

}  // namespace
}  // namespace madoguchi::bot
