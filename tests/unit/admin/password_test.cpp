// Tests of admin::hash_password and friends: Argon2id with the documented parameters, a fresh
// salt per hash, verification, and the rules for passwords and usernames.
#include "madoguchi/admin/password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::admin {
namespace {

TEST(password_test, hashes_are_argon2id_with_the_documented_parameters_and_a_fresh_salt) {
  const std::string first = hash_password("correct horse battery");
  const std::string second = hash_password("correct horse battery");
  EXPECT_EQ(first.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << first;
  EXPECT_NE(first, second);  // a new salt each time
  EXPECT_EQ(first.find("correct horse"), std::string::npos);
}

TEST(password_test, verify_accepts_only_the_password) {
  const std::string encoded = hash_password("長いパスフレーズです12");
  EXPECT_TRUE(verify_password(encoded, "長いパスフレーズです12"));
  EXPECT_FALSE(verify_password(encoded, "長いパスフレーズです13"));
  EXPECT_FALSE(verify_password(encoded, ""));
}

TEST(password_test, a_malformed_hash_verifies_nothing) {
  EXPECT_FALSE(verify_password("", "correct horse battery"));
  EXPECT_FALSE(verify_password("$argon2id$garbage", "correct horse battery"));
  EXPECT_FALSE(verify_password("plain text password", "plain text password"));
}

TEST(password_test, passwords_are_12_to_256_characters) {
  EXPECT_TRUE(password_problem("12345678901"));  // 11
  EXPECT_FALSE(password_problem("123456789012"));
  EXPECT_FALSE(password_problem(std::string(256, 'a')));
  EXPECT_TRUE(password_problem(std::string(257, 'a')));
  EXPECT_TRUE(password_problem(""));
  // Characters, not bytes: twelve kana are 36 bytes and enough; eleven are not.
  EXPECT_FALSE(password_problem("あいうえおかきくけこさし"));
  EXPECT_TRUE(password_problem("あいうえおかきくけこさ"));
  const auto message = password_problem("short");
  ASSERT_TRUE(message);
  EXPECT_NE(message->japanese.find("12文字以上256文字以下"), std::string::npos);
  EXPECT_NE(message->english.find("12 to 256"), std::string::npos);
  EXPECT_EQ(message->japanese.find("password"), std::string::npos) << "no English for staff";
}

TEST(password_test, usernames_are_1_to_64_of_lowercase_digits_and_dot_underscore_dash) {
  EXPECT_FALSE(username_problem("sato"));
  EXPECT_FALSE(username_problem("k.sato_2-osaka"));
  EXPECT_FALSE(username_problem(std::string(64, 'a')));
  EXPECT_TRUE(username_problem(std::string(65, 'a')));
  EXPECT_TRUE(username_problem(""));
  EXPECT_TRUE(username_problem("Sato"));
  EXPECT_TRUE(username_problem("sato san"));
  EXPECT_TRUE(username_problem("佐藤"));
  EXPECT_TRUE(username_problem("sato@city"));
}

}  // namespace
}  // namespace madoguchi::admin
