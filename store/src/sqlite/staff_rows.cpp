// Staff accounts and sessions. An account and its tenant list change together, in one
// transaction.
#include "staff_rows.hpp"

#include "transaction.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace madoguchi::store::sqlite {
namespace {

// The columns of staff_account in order; tenants are read separately.
constexpr std::string_view account_columns =
    "s.id, s.username, s.password_hash, s.role, s.disabled, s.failed_logins, s.locked_until, "
    "s.created_at";

staff_account read_account(const statement& row) {
  staff_account account;
  account.id = row.column_int(0);
  account.username = row.column_text(1);
  account.password_hash = row.column_text(2);
  const std::string role = row.column_text(3);
  const auto parsed = parse_staff_role(role);
  if (!parsed) {  // the CHECK constraint allows only the two names
    throw std::runtime_error("staff account '" + account.username + "' has unknown role '" + role +
                             "'");
  }
  account.role = *parsed;
  account.disabled = row.column_int(4) != 0;
  account.failed_logins = static_cast<int>(row.column_int(5));
  account.locked_until = row.column_int(6);
  account.created_at = row.column_text(7);
  return account;
}

std::vector<std::string> sorted_unique(std::vector<std::string> tenants) {
  std::sort(tenants.begin(), tenants.end());
  tenants.erase(std::unique(tenants.begin(), tenants.end()), tenants.end());
  return tenants;
}

}  // namespace

bool staff_rows::add(staff_account& account) {
  bool added = false;
  run_in_transaction(db_, [&] {
    statement insert = db_.prepare(R"sql(
INSERT INTO staff (username, password_hash, role, disabled, failed_logins, locked_until)
VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (username) DO NOTHING
RETURNING id, created_at)sql");
    insert.bind(1, account.username)
        .bind(2, account.password_hash)
        .bind(3, to_string(account.role))
        .bind(4, std::int64_t{account.disabled ? 1 : 0})
        .bind(5, std::int64_t{account.failed_logins})
        .bind(6, account.locked_until);
    if (!insert.step()) {
      return;  // the username is taken
    }
    const std::int64_t id = insert.column_int(0);
    std::string created_at = insert.column_text(1);
    while (insert.step()) {
    }
    replace_tenants(id, account.tenants);
    account.id = id;
    account.created_at = std::move(created_at);
    account.tenants = sorted_unique(std::move(account.tenants));
    added = true;
  });
  return added;
}

std::optional<staff_account> staff_rows::find(std::string_view username) {
  auto found = select("s.username = ?1", [&](statement& s) { s.bind(1, username); });
  return found.empty() ? std::nullopt : std::optional(std::move(found.front()));
}

std::optional<staff_account> staff_rows::find(std::int64_t id) {
  auto found = select("s.id = ?1", [&](statement& s) { s.bind(1, id); });
  return found.empty() ? std::nullopt : std::optional(std::move(found.front()));
}

std::vector<staff_account> staff_rows::list() {
  return select("1", [](statement&) {});
}

bool staff_rows::update(const staff_account& account) {
  bool updated = false;
  run_in_transaction(db_, [&] {
    statement change = db_.prepare(R"sql(
UPDATE staff SET password_hash = ?2, role = ?3, disabled = ?4, failed_logins = ?5,
  locked_until = ?6
WHERE id = ?1)sql");
    change.bind(1, account.id)
        .bind(2, account.password_hash)
        .bind(3, to_string(account.role))
        .bind(4, std::int64_t{account.disabled ? 1 : 0})
        .bind(5, std::int64_t{account.failed_logins})
        .bind(6, account.locked_until)
        .step();
    if (db_.changes() == 0) {
      return;
    }
    replace_tenants(account.id, account.tenants);
    updated = true;
  });
  return updated;
}

void staff_rows::add_session(const staff_session& session) {
  statement insert = db_.prepare(
      "INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at, last_seen) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, session.token_hash)
      .bind(2, session.staff_id)
      .bind(3, session.created_at)
      .bind(4, session.expires_at)
      .bind(5, session.last_seen)
      .step();
}

std::optional<staff_session> staff_rows::find_session(std::string_view token_hash,
                                                      std::int64_t now) {
  statement query = db_.prepare(
      "SELECT token_hash, staff_id, created_at, expires_at, last_seen FROM staff_sessions "
      "WHERE token_hash = ?1 AND expires_at > ?2");
  query.bind(1, token_hash).bind(2, now);
  if (!query.step()) {
    return std::nullopt;
  }
  return staff_session{query.column_text(0), query.column_int(1), query.column_int(2),
                       query.column_int(3), query.column_int(4)};
}

void staff_rows::touch_session(std::string_view token_hash, std::int64_t now) {
  statement touch = db_.prepare("UPDATE staff_sessions SET last_seen = ?2 WHERE token_hash = ?1");
  touch.bind(1, token_hash).bind(2, now).step();
}

void staff_rows::remove_session(std::string_view token_hash) {
  statement remove = db_.prepare("DELETE FROM staff_sessions WHERE token_hash = ?1");
  remove.bind(1, token_hash).step();
}

void staff_rows::remove_sessions_of(std::int64_t staff_id) {
  statement remove = db_.prepare("DELETE FROM staff_sessions WHERE staff_id = ?1");
  remove.bind(1, staff_id).step();
}

std::size_t staff_rows::remove_expired_sessions(std::int64_t now, std::int64_t idle_since) {
  statement remove =
      db_.prepare("DELETE FROM staff_sessions WHERE expires_at <= ?1 OR last_seen <= ?2");
  remove.bind(1, now).bind(2, idle_since).step();
  return static_cast<std::size_t>(db_.changes());
}

std::vector<staff_account> staff_rows::select(std::string_view where,
                                              const std::function<void(statement&)>& bind) {
  std::vector<staff_account> accounts;
  {
    statement query =
        db_.prepare("SELECT " + std::string(account_columns) + " FROM staff s WHERE " +
                    std::string(where) + " ORDER BY s.username");
    bind(query);
    while (query.step()) {
      accounts.push_back(read_account(query));
    }
  }
  statement tenants =
      db_.prepare("SELECT tenant_id FROM staff_tenants WHERE staff_id = ?1 ORDER BY tenant_id");
  for (staff_account& account : accounts) {
    tenants.bind(1, account.id);
    while (tenants.step()) {
      account.tenants.push_back(tenants.column_text(0));
    }
    tenants.reset();
  }
  return accounts;
}

void staff_rows::replace_tenants(std::int64_t staff_id, const std::vector<std::string>& tenants) {
  statement remove = db_.prepare("DELETE FROM staff_tenants WHERE staff_id = ?1");
  remove.bind(1, staff_id).step();
  statement insert =
      db_.prepare("INSERT OR IGNORE INTO staff_tenants (staff_id, tenant_id) VALUES (?1, ?2)");
  for (const std::string& tenant : tenants) {
    insert.bind(1, staff_id).bind(2, tenant).step();
    insert.reset();
  }
}

}  // namespace madoguchi::store::sqlite
