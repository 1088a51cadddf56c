// Argon2id password hashing with libargon2.
#include "madoguchi/admin/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace madoguchi::admin {
namespace {

constexpr std::uint32_t time_cost = 2;
constexpr std::uint32_t memory_kib = 19 * 1024;
constexpr std::uint32_t parallelism = 1;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;
constexpr std::size_t shortest_password = 12;
constexpr std::size_t longest_password = 256;

// Characters, not bytes: a Japanese passphrase counts as people count it.
std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string hash_password(std::string_view password) {
  unsigned char salt[salt_bytes];
  if (RAND_bytes(salt, sizeof salt) != 1) {
    throw std::runtime_error("no random bytes for a password salt; check the system's entropy");
  }
  std::string encoded(
      argon2_encodedlen(time_cost, memory_kib, parallelism, salt_bytes, hash_bytes, Argon2_id),
      '\0');
  const int result =
      argon2id_hash_encoded(time_cost, memory_kib, parallelism, password.data(), password.size(),
                            salt, sizeof salt, hash_bytes, encoded.data(), encoded.size());
  if (result != ARGON2_OK) {
    throw std::runtime_error(std::string("cannot hash the password: ") +
                             argon2_error_message(result));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  const std::string terminated(encoded);  // argon2 wants a C string
  return !terminated.empty() &&
         argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::optional<account_problem> password_problem(std::string_view password) {
  const std::size_t length = utf8_length(password);
  if (length < shortest_password || length > longest_password) {
    return account_problem{"パスワードは12文字以上256文字以下にしてください。",
                           "the password must be 12 to 256 characters."};
  }
  return std::nullopt;
}

std::optional<account_problem> username_problem(std::string_view username) {
  const bool allowed = std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (username.empty() || username.size() > 64 || !allowed) {
    return account_problem{"ユーザー名は1〜64文字の半角小文字英数字と . _ - にしてください。",
                           "the username must be 1 to 64 of a-z 0-9 . _ -."};
  }
  return std::nullopt;
}

}  // namespace madoguchi::admin
