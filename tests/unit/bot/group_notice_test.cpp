// Tests of the notice a LINE group gets when the bot joins it.
#include "madoguchi/bot/group_notice.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

TEST(group_notice, says_it_answers_one_to_one_and_links_to_add_it_as_a_friend) {
  const reply r = group_chat_notice(line_add_friend_url("@123abcde"));
  EXPECT_NE(r.text.find("1対1のトーク"), std::string::npos);
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].url, "https://line.me/R/ti/p/@123abcde");
}

TEST(group_notice, without_a_line_id_it_has_no_link) {
  EXPECT_TRUE(line_add_friend_url("").empty());
  const reply r = group_chat_notice(line_add_friend_url(""));
  EXPECT_FALSE(r.text.empty());
  EXPECT_TRUE(r.links.empty());
}

}  // namespace
}  // namespace madoguchi::bot
