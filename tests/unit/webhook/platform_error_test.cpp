// Tests of platform_error: what an operator reads when Meta or LINE refuses a call.
#include "madoguchi/webhook/platform_error.hpp"

#include <gtest/gtest.h>

namespace madoguchi::webhook {
namespace {

TEST(platform_error_test, names_metas_message_and_code) {
  EXPECT_EQ(
      platform_error(
          R"({"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"x"}})"),
      "Invalid OAuth access token. (code 190)");
}

TEST(platform_error_test, names_lines_message) {
  EXPECT_EQ(platform_error(R"({"message":"Invalid reply token"})"), "Invalid reply token");
}

TEST(platform_error_test, other_bodies_give_nothing) {
  EXPECT_EQ(platform_error("<html>bad gateway</html>"), "");
  EXPECT_EQ(platform_error(R"({"result":"success"})"), "");
  EXPECT_EQ(platform_error(""), "");
}

}  // namespace
}  // namespace madoguchi::webhook
