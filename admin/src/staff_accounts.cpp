#include "madoguchi/admin/staff_accounts.hpp"

namespace madoguchi::admin {

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
  std::optional<store::staff_account> account;
  db.in_transaction([&] {
    account = db.staff().find(username);
    if (!account) {
      return;
    }
    row.before = account_json(*account).dump();
    account->disabled = true;
    db.staff().update(*account);
    db.staff().remove_sessions_of(account->id);
    row.after = account_json(*account).dump();
    db.audit().append(row);
  });
  return account;
}

}  // namespace madoguchi::admin
