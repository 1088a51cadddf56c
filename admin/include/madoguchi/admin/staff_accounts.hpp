// File: staff_accounts.hpp
//
// The changes to staff accounts that both the web page and `madoguchi staff` make, each in one
// transaction with its audit row, so the two cannot drift apart.
#pragma once

#include "madoguchi/store/database.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace madoguchi::admin {

// What staff lists and audit rows show of an account: never the hash.
nlohmann::json account_json(const store::staff_account& account);

// Adds `account` (hash already set; its id is filled in) and appends `row` with the account as
// "after". False when the username is taken.
bool add_account(store::database& db, store::staff_account& account, store::audit_record row);

// Sets `password_hash`, lifts a lock (it guards against guessing the old password), ends the
// person's sessions and appends `row`. The account after the change; nullopt when there is none.
std::optional<store::staff_account> set_password(store::database& db, const std::string& username,
                                                 const std::string& password_hash,
                                                 const store::audit_record& row);

// Disables the account and ends its sessions; `row` gets before/after. nullopt when there is none.
std::optional<store::staff_account> disable_account(store::database& db,
                                                    const std::string& username,
                                                    store::audit_record row);

// Lets a disabled account sign in again and lifts a lock; `row` gets before/after. nullopt when
// there is none.
std::optional<store::staff_account> enable_account(store::database& db, const std::string& username,
                                                   store::audit_record row);

// Gives the account `role` and `tenants` (sorted; none for an admin, who sees every tenant);
// `row` gets before/after. The person's sessions stay: each request reads the account again, so
// the change holds from their next one. nullopt when there is none.
// REQUIRES: every tenant exists.
std::optional<store::staff_account> set_access(store::database& db, const std::string& username,
                                               store::staff_role role,
                                               std::vector<std::string> tenants,
                                               store::audit_record row);

}  // namespace madoguchi::admin
