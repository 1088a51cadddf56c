// Tests of Meta webhook signature checking against known vectors computed with the openssl CLI,
// of constant_time_equals and of pseudonymize.
#include "madoguchi/webhook/signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace madoguchi::webhook {
namespace {

constexpr std::string_view secret = "madoguchi-test-secret";

// The same message as Meta could send it: UTF-8 as is, or with \u escapes (what Meta signs).
// Adjacent literals are concatenated: the bodies are single strings without new lines.
constexpr std::string_view utf8_body =
    R"({"object":"page","entry":[{"id":"1111","messaging":[{"message":{"text":")"
    "セミナーの申し込み"
    R"("}}]}]})";
constexpr std::string_view escaped_body =
    R"({"object":"page","entry":[{"id":"1111","messaging":[{"message":{"text":")"
    R"(\u30bb\u30df\u30ca\u30fc\u306e\u7533\u3057\u8fbc\u307f)"
    R"("}}]}]})";

// printf '%s' BODY | openssl dgst -sha256 -hmac 'madoguchi-test-secret'
constexpr std::string_view utf8_hmac =
    "fb3924ad4272bebd2162ec6811d39d6464b36c5b9b403ad576be9e454146858b";
constexpr std::string_view escaped_hmac =
    "36424f46488dbead377defa63169d40988afc6968a4e75b384ce11775daea1ae";
constexpr std::string_view empty_body_hmac =
    "8426faeec2c8104aa11d386719e0a92d9d1b6948002eae7b4c953731fe954393";

std::string header(std::string_view hex) {
  return "sha256=" + std::string(hex);
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

TEST(signature_test, hmac_matches_the_openssl_cli) {
  EXPECT_EQ(hmac_sha256_hex(secret, utf8_body), utf8_hmac);
  EXPECT_EQ(hmac_sha256_hex(secret, escaped_body), escaped_hmac);
  EXPECT_EQ(hmac_sha256_hex(secret, ""), empty_body_hmac);
}

TEST(signature_test, valid_signatures_are_accepted_over_the_raw_bytes) {
  EXPECT_EQ(check_meta_signature(secret, header(utf8_hmac), utf8_body), signature_check::valid);
  EXPECT_EQ(check_meta_signature(secret, header(escaped_hmac), escaped_body),
            signature_check::valid);
  EXPECT_EQ(check_meta_signature(secret, header(empty_body_hmac), ""), signature_check::valid);
  // The two spellings are the same JSON but not the same bytes.
  EXPECT_EQ(check_meta_signature(secret, header(utf8_hmac), escaped_body),
            signature_check::mismatch);
}

TEST(signature_test, upper_case_hex_is_accepted) {
  EXPECT_EQ(check_meta_signature(secret, header(upper(utf8_hmac)), utf8_body),
            signature_check::valid);
}

TEST(signature_test, missing_header) {
  EXPECT_EQ(check_meta_signature(secret, "", utf8_body), signature_check::missing);
}

TEST(signature_test, malformed_headers) {
  const std::string hex(utf8_hmac);
  const std::vector<std::string> malformed = {
      hex,                                   // no prefix
      "sha1=" + hex,                         // another algorithm
      "SHA256=" + hex,                       // prefix is case-sensitive
      "sha256=" + hex.substr(0, 63),         // one digit short
      "sha256=" + hex + "0",                 // one digit too many
      "sha256=",                             // no digest
      "sha256=" + hex.substr(0, 62) + "zz",  // not hex
      "sha256= " + hex.substr(1),            // space inside
      " sha256=" + hex,                      // leading space
  };
  for (const std::string& bad : malformed) {
    EXPECT_EQ(check_meta_signature(secret, bad, utf8_body), signature_check::malformed) << bad;
  }
}

TEST(signature_test, mismatches) {
  std::string altered(utf8_body);
  altered[altered.find("1111")] = '2';  // one byte of the body changed
  EXPECT_EQ(check_meta_signature(secret, header(utf8_hmac), altered), signature_check::mismatch);
  EXPECT_EQ(check_meta_signature("another-secret", header(utf8_hmac), utf8_body),
            signature_check::mismatch);
  std::string flipped = header(utf8_hmac);
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_EQ(check_meta_signature(secret, flipped, utf8_body), signature_check::mismatch);
}

TEST(constant_time_equals_test, compares_content_and_length) {
  EXPECT_TRUE(constant_time_equals("verify-token", "verify-token"));
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_FALSE(constant_time_equals("verify-token", "verify-tokeN"));
  EXPECT_FALSE(constant_time_equals("verify-token", "verify-token "));
  EXPECT_FALSE(constant_time_equals("verify-token", ""));
  EXPECT_FALSE(constant_time_equals("", "x"));
  EXPECT_TRUE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(pseudonymize_test, is_a_known_keyed_hash) {
  // printf '%s' 'messenger:1234567890' | openssl dgst -sha256 -hmac 'pseudonym-key'
  EXPECT_EQ(pseudonymize("pseudonym-key", "messenger", "1234567890"), "u_c82aa0b6a96e8168");
}

TEST(pseudonymize_test, is_stable_and_shaped_u_plus_16_hex_digits) {
  const std::string p = pseudonymize("key", "messenger", "24008310005961234");
  EXPECT_EQ(p, pseudonymize("key", "messenger", "24008310005961234"));
  ASSERT_EQ(p.size(), 18u);
  EXPECT_TRUE(p.starts_with("u_"));
  EXPECT_TRUE(std::all_of(p.begin() + 2, p.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  })) << p;
  EXPECT_EQ(p.find("24008310005961234"), std::string::npos);
}

TEST(pseudonymize_test, differs_by_key_platform_and_id) {
  const std::string base = pseudonymize("key", "messenger", "1234");
  EXPECT_NE(base, pseudonymize("other-key", "messenger", "1234"));
  EXPECT_NE(base, pseudonymize("key", "instagram", "1234"));
  EXPECT_NE(base, pseudonymize("key", "messenger", "1235"));
  // The separator keeps platform and id apart.
  EXPECT_NE(pseudonymize("key", "ab", "c"), pseudonymize("key", "a", "bc"));
}

TEST(pseudonymize_test, never_contains_the_raw_id) {
  // Real PSIDs and IGSIDs are 15-17 digits; a 16-digit id could only appear by equality.
  for (const char* id : {"24008310005961234", "1234567890123456", "17841400000000"}) {
    for (const char* platform : {"messenger", "instagram"}) {
      const std::string p = pseudonymize("k", platform, id);
      EXPECT_EQ(p.find(id), std::string::npos) << id << " -> " << p;
      EXPECT_NE(p, std::string("u_") + id);
    }
  }
}

}  // namespace
}  // namespace madoguchi::webhook
