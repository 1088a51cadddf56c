// File: staff.hpp
//
// Staff accounts and their sign-in sessions. The store keeps only password hashes (Argon2id,
// encoded, made by the caller) and session token hashes (SHA-256): a copy of the database lets
// nobody sign in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

enum class staff_role { editor, admin };

// "editor", "admin".
std::string_view to_string(staff_role r);
std::optional<staff_role> parse_staff_role(std::string_view text);

struct staff_account {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;  // Argon2id encoded string ($argon2id$v=19$…)
  staff_role role = staff_role::editor;
  std::vector<std::string> tenants;  // editors: the tenants they may edit; sorted
  bool disabled = false;
  int failed_logins = 0;          // consecutive failures since the last success
  std::int64_t locked_until = 0;  // seconds since the epoch; 0: not locked
  std::string created_at;         // UTC ISO 8601
  bool operator==(const staff_account&) const = default;
};

struct staff_session {
  std::string token_hash;  // hex SHA-256 of the cookie's token
  std::int64_t staff_id = 0;
  std::int64_t created_at = 0;  // seconds since the epoch
  std::int64_t expires_at = 0;  // the absolute limit
  std::int64_t last_seen = 0;   // the last request, to the minute (touch_session)
  bool operator==(const staff_session&) const = default;
};

class staff_directory {
 public:
  virtual ~staff_directory() = default;

  // Adds the account; false when the username is taken. On success sets account.id and
  // created_at, and sorts account.tenants (duplicates removed) as find() will give them.
  // REQUIRES: every tenant exists (std::runtime_error otherwise: a foreign key).
  virtual bool add(staff_account& account) = 0;

  virtual std::optional<staff_account> find(std::string_view username) = 0;
  virtual std::optional<staff_account> find(std::int64_t id) = 0;

  // Every account, ordered by username.
  virtual std::vector<staff_account> list() = 0;

  // Replaces password hash, role, tenants, disabled, failed_logins and locked_until of the
  // account with account.id. False when there is none.
  virtual bool update(const staff_account& account) = 0;

  virtual void add_session(const staff_session& session) = 0;
  // The session with this token hash, if it has not expired at `now`.
  virtual std::optional<staff_session> find_session(std::string_view token_hash,
                                                    std::int64_t now) = 0;
  // Sets the session's last_seen to `now`.
  virtual void touch_session(std::string_view token_hash, std::int64_t now) = 0;
  virtual void remove_session(std::string_view token_hash) = 0;
  // Signs the account out everywhere (password change, disable).
  virtual void remove_sessions_of(std::int64_t staff_id) = 0;
  // Removes sessions expired at `now` or last seen at or before `idle_since`; returns how many.
  virtual std::size_t remove_expired_sessions(std::int64_t now, std::int64_t idle_since) = 0;
};

}  // namespace madoguchi::store
