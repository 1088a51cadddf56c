// File: password.hpp
//
// Staff passwords: Argon2id (libargon2) with OWASP's minimum parameters (m = 19 MiB, t = 2,
// p = 1) and a random salt, stored as the encoded string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)
// so parameters can be raised later without breaking existing hashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::admin {

// The encoded Argon2id hash of `password`. Takes tens of milliseconds by design: call it off the
// I/O threads. Throws std::runtime_error when hashing fails (no randomness, out of memory).
std::string hash_password(std::string_view password);

// True when `password` matches `encoded`; false for a wrong password or a malformed hash.
bool verify_password(std::string_view encoded, std::string_view password);

// What to fix in an account's name or password, for the two audiences: staff on the page read
// Japanese, an operator at the command line reads English like every other CLI message.
struct account_problem {
  std::string japanese;
  std::string english;
};

// Nullopt when `password` is acceptable (12 to 256 characters); else what to fix.
std::optional<account_problem> password_problem(std::string_view password);

// Nullopt when `username` is acceptable (1–64 of a-z 0-9 . _ -); else what to fix.
std::optional<account_problem> username_problem(std::string_view username);

}  // namespace madoguchi::admin
