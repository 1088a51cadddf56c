// Staff accounts (admins only): list, add, set a password, change role and cities, disable and
// enable again. Hashing runs on the compute pool; a changed password or a disabled account ends
// that person's sessions.
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/password.hpp"
#include "madoguchi/admin/staff_accounts.hpp"

#include <algorithm>

namespace madoguchi::admin::api {
namespace {

constexpr std::string_view add_action = "staff.add";
constexpr std::string_view password_action = "staff.password";
constexpr std::string_view disable_action = "staff.disable";
constexpr std::string_view enable_action = "staff.enable";
constexpr std::string_view access_action = "staff.access";

response invalid(const request& req, std::string_view message, std::string_view field) {
  return error_reply(req, http::status::bad_request, "invalid", message, field);
}

// The editor's tenants from the body, each known; or the answer to send.
std::variant<std::vector<std::string>, response> tenants_of(
    const request& req, const nlohmann::json& body, const std::vector<knowledge::tenant>& known) {
  std::vector<std::string> tenants;
  const auto found = body.find("tenants");
  if (found != body.end() && !found->is_null()) {
    if (!found->is_array()) {
      return invalid(req, "tenants は自治体 id の配列で送ってください。", "tenants");
    }
    for (const auto& item : *found) {
      if (!item.is_string()) {
        return invalid(req, "tenants は自治体 id の配列で送ってください。", "tenants");
      }
      const std::string id = item.get<std::string>();
      if (std::none_of(known.begin(), known.end(),
                       [&id](const knowledge::tenant& t) { return t.id == id; })) {
        return invalid(req, "自治体「" + id + "」はありません。一覧から選んでください。",
                       "tenants");
      }
      tenants.push_back(id);
    }
  }
  std::sort(tenants.begin(), tenants.end());
  tenants.erase(std::unique(tenants.begin(), tenants.end()), tenants.end());
  return tenants;
}

struct staff_access {
  store::staff_role role = store::staff_role::editor;
  std::vector<std::string> tenants;  // none for an admin
};

// The role and the editor's tenants from the body, checked against the tenants there are; or the
// answer to send.
net::awaitable<std::variant<staff_access, response>> access_of(api_call& call,
                                                               const nlohmann::json& body) {
  const auto role = store::parse_staff_role(string_field(body, "role"));
  if (!role) {
    co_return invalid(call.req, "役割（role）は editor か admin を選んでください。", "role");
  }
  store::database& db = call.services.db;
  const auto known = co_await on_storage(call, [&db] { return db.knowledge().tenants(); });
  auto tenants = tenants_of(call.req, body, known);
  if (auto* refusal = std::get_if<response>(&tenants)) {
    co_return std::move(*refusal);
  }
  staff_access access{*role, std::get<std::vector<std::string>>(std::move(tenants))};
  if (access.role == store::staff_role::editor && access.tenants.empty()) {
    co_return invalid(call.req, "編集者には担当する自治体を1つ以上選んでください。", "tenants");
  }
  if (access.role == store::staff_role::admin) {
    access.tenants.clear();  // admins see every tenant
  }
  co_return access;
}

// Hashes `password` on the compute pool and makes it `username`'s, ending every session of theirs;
// audited as staff.password.
net::awaitable<response> store_new_password(api_call& call, const std::string& username,
                                            const std::string& password) {
  const std::string hash = co_await webhook::run_on(
      call.services.compute, [&password] { return hash_password(password); });
  store::database& db = call.services.db;
  const store::audit_record row = audit_row(call, password_action, {}, username, {}, {});
  const auto changed = co_await on_storage(
      call, [&db, &username, &hash, &row] { return set_password(db, username, hash, row); });
  if (!changed) {
    co_return not_found(call.req, "職員アカウント");
  }
  co_return json_reply(call.req, account_json(*changed));
}

}  // namespace

net::awaitable<response> list_staff(api_call& call) {
  store::staff_directory& staff = call.services.db.staff();
  const auto accounts = co_await on_storage(call, [&staff] { return staff.list(); });
  nlohmann::json list = nlohmann::json::array();
  for (const store::staff_account& account : accounts) {
    list.push_back(account_json(account));
  }
  co_return json_reply(call.req, nlohmann::json{{"staff", std::move(list)}});
}

net::awaitable<response> add_staff(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  store::staff_account account;
  account.username = string_field(body, "username");
  const std::string password = string_field(body, "password");
  if (const auto problem = username_problem(account.username)) {
    co_return invalid(call.req, problem->japanese, "username");
  }
  if (const auto problem = password_problem(password)) {
    co_return invalid(call.req, problem->japanese, "password");
  }
  auto access = co_await access_of(call, body);
  if (auto* refusal = std::get_if<response>(&access)) {
    co_return std::move(*refusal);
  }
  account.role = std::get<staff_access>(access).role;
  account.tenants = std::move(std::get<staff_access>(access).tenants);
  store::database& db = call.services.db;
  account.password_hash = co_await webhook::run_on(call.services.compute,
                                                   [&password] { return hash_password(password); });
  const store::audit_record row = audit_row(call, add_action, {}, account.username, {}, {});
  const bool added =
      co_await on_storage(call, [&db, &account, &row] { return add_account(db, account, row); });
  if (!added) {
    co_return error_reply(call.req, http::status::conflict, "conflict",
                          "そのユーザー名はすでに使われています。別のユーザー名にしてください。",
                          "username");
  }
  co_return json_reply(call.req, account_json(account), http::status::created);
}

net::awaitable<response> change_staff_password(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const std::string password = string_field(std::get<nlohmann::json>(parsed), "password");
  if (const auto problem = password_problem(password)) {
    co_return invalid(call.req, problem->japanese, "password");
  }
  co_return co_await store_new_password(call, call.params.at(0), password);
}

// Any staff member changes their own password, proving the current one; every session of theirs
// ends, this one too, so they sign in again with the new password.
net::awaitable<response> change_own_password(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const std::string current = string_field(body, "current");
  const std::string password = string_field(body, "password");
  if (const auto problem = password_problem(password)) {
    co_return invalid(call.req, problem->japanese, "password");
  }
  const std::string& stored = call.caller.password_hash;
  const bool proven = co_await webhook::run_on(
      call.services.compute, [&stored, &current] { return verify_password(stored, current); });
  if (!proven) {
    co_return invalid(call.req, "いまのパスワードが違います。確かめて入力し直してください。",
                      "current");
  }
  co_return co_await store_new_password(call, call.caller.username, password);
}

net::awaitable<response> disable_staff(api_call& call) {
  const std::string& username = call.params.at(0);
  if (username == call.caller.username) {
    co_return invalid(
        call.req, "自分のアカウントは無効にできません。別の管理者に依頼してください。", "username");
  }
  store::database& db = call.services.db;
  const store::audit_record row = audit_row(call, disable_action, {}, username, {}, {});
  const auto disabled = co_await on_storage(
      call, [&db, &username, &row] { return disable_account(db, username, row); });
  if (!disabled) {
    co_return not_found(call.req, "職員アカウント");
  }
  co_return json_reply(call.req, account_json(*disabled));
}

// An admin gives an account another role or other cities. Not their own role: an admin who
// demoted themselves by mistake could not undo it.
net::awaitable<response> change_staff_access(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  auto access = co_await access_of(call, std::get<nlohmann::json>(parsed));
  if (auto* refusal = std::get_if<response>(&access)) {
    co_return std::move(*refusal);
  }
  const std::string& username = call.params.at(0);
  staff_access& wanted = std::get<staff_access>(access);
  if (username == call.caller.username && wanted.role != call.caller.role) {
    co_return invalid(
        call.req,
        "自分の役割は変えられません。変える必要があるときは別の管理者に依頼してください。", "role");
  }
  store::database& db = call.services.db;
  const store::audit_record row = audit_row(call, access_action, {}, username, {}, {});
  const auto changed = co_await on_storage(call, [&db, &username, &wanted, &row] {
    return set_access(db, username, wanted.role, std::move(wanted.tenants), row);
  });
  if (!changed) {
    co_return not_found(call.req, "職員アカウント");
  }
  co_return json_reply(call.req, account_json(*changed));
}

net::awaitable<response> enable_staff(api_call& call) {
  const std::string& username = call.params.at(0);
  store::database& db = call.services.db;
  const store::audit_record row = audit_row(call, enable_action, {}, username, {}, {});
  const auto enabled = co_await on_storage(
      call, [&db, &username, &row] { return enable_account(db, username, row); });
  if (!enabled) {
    co_return not_found(call.req, "職員アカウント");
  }
  co_return json_reply(call.req, account_json(*enabled));
}

}  // namespace madoguchi::admin::api
