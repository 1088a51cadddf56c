#include "madoguchi/admin/staff_accounts.hpp"

#include <algorithm>
#include <functional>

namespace madoguchi::admin {
namespace {

// Applies `change` to the account in one transaction with `row`, which gets the account before
// and after; `end_sessions` signs the person out everywhere. nullopt when there is no account.
std::optional<store::staff_account> change_account(
    store::database& db, const std::string& username, store::audit_record row, bool end_sessions,
    const std::function<void(store::staff_account&)>& change) {
  std::optional<store::staff_account> account;
  db.in_transaction([&] {
    account = db.staff().find(username);
    if (!account) {
      return;
    }
    row.before = account_json(*account).dump();
    change(*account);
    db.staff().update(*account);
    if (end_sessions) {
      db.staff().remove_sessions_of(account->id);
    }
    row.after = account_json(*account).dump();
    db.audit().append(row);
  });
  return account;
}

}  // namespace

nlohmann::json account_json(const store::staff_account& account) {
  return {{"username", account.username},
          {"role", store::to_string(account.role)},
          {"tenants", account.tenants},
          {"disabled", account.disabled},
          {"locked_until", account.locked_until}};
}

bool add_account(store::database& db, store::staff_account& account, store::audit_record row) {
  bool added = false;
  db.in_transaction([&] {
    added = db.staff().add(account);
    if (added) {
      row.after = account_json(account).dump();
      db.audit().append(row);
    }
  });
  return added;
}

std::optional<store::staff_account> set_password(store::database& db, const std::string& username,
                                                 const std::string& password_hash,
                                                 const store::audit_record& row) {
  std::optional<store::staff_account> account;
  db.in_transaction([&] {
    account = db.staff().find(username);
    if (!account) {
      return;
    }
    account->password_hash = password_hash;
    account->failed_logins = 0;
    account->locked_until = 0;
    db.staff().update(*account);
    db.staff().remove_sessions_of(account->id);
    db.audit().append(row);
  });
  return account;
}

std::optional<store::staff_account> disable_account(store::database& db,
                                                    const std::string& username,
                                                    store::audit_record row) {
  return change_account(db, username, std::move(row), true,
                        [](store::staff_account& account) { account.disabled = true; });
}

std::optional<store::staff_account> enable_account(store::database& db, const std::string& username,
                                                   store::audit_record row) {
  return change_account(db, username, std::move(row), false, [](store::staff_account& account) {
    account.disabled = false;
    account.failed_logins = 0;
    account.locked_until = 0;
  });
}

std::optional<store::staff_account> set_access(store::database& db, const std::string& username,
                                               store::staff_role role,
                                               std::vector<std::string> tenants,
                                               store::audit_record row) {
  if (role == store::staff_role::admin) {
    tenants.clear();
  }
  std::sort(tenants.begin(), tenants.end());
  tenants.erase(std::unique(tenants.begin(), tenants.end()), tenants.end());
  return change_account(db, username, std::move(row), false,
                        [role, &tenants](store::staff_account& account) {
                          account.role = role;
                          account.tenants = tenants;
                        });
}

}  // namespace madoguchi::admin
