// Signing in and out: Argon2id checks off the I/O threads, growing waits after repeated
// failures per account and a failure cap per client address (login_limits.hpp), sessions kept
// only as hashes.
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/password.hpp"
#include "madoguchi/admin/staff_accounts.hpp"
#include "request_source.hpp"
#include "session_token.hpp"

#include <boost/beast/http/field.hpp>

namespace madoguchi::admin::api {
namespace {

// Checked when the username is unknown, so that a miss takes as long as a wrong password.
const std::string& stand_in_hash() {
  static const std::string hash = hash_password("madoguchi stand-in password");
  return hash;
}

std::string minutes_text(std::int64_t seconds) {
  return std::to_string((seconds + 59) / 60);
}

response too_many(const request& req, std::string_view code, const std::string& message,
                  std::int64_t wait) {
  response res = error_reply(req, http::status::too_many_requests, code, message);
  res.set(http::field::retry_after, std::to_string(wait));
  return res;
}

response account_waits(const request& req, std::int64_t until, std::int64_t now) {
  const std::int64_t wait = std::max<std::int64_t>(1, until - now);
  return too_many(req, "locked",
                  "ログインに続けて失敗したため、このアカウントはあと約" + minutes_text(wait) +
                      "分ログインできません。時間をおいてから試すか、管理者にパスワードの再設定を"
                      "依頼してください。",
                  wait);
}

response address_waits(const request& req, std::int64_t wait) {
  return too_many(req, "too_many_attempts",
                  "この端末からのログインの失敗が多すぎます。約" + minutes_text(wait) +
                      "分待ってから、ユーザー名とパスワードを確かめてもう一度試してください。",
                  wait);
}

nlohmann::json signed_in_body(const store::staff_account& account, std::string_view token) {
  nlohmann::json body = account_json(account);
  body.erase("disabled");
  body.erase("locked_until");
  body["csrf_token"] = csrf_token_for(token);
  return body;
}

store::audit_record login_row(std::string_view action, const std::string& username) {
  store::audit_record row;
  row.actor = username;
  row.action = std::string(action);
  row.target = username;
  return row;
}

struct failure_outcome {
  bool must_wait = false;
  std::int64_t wait_until = 0;
};

// Counts a failed login of `username` (an existing account or not) from `address` and audits
// it; from the fifth in a row on, the account must wait (login_delay), and so must a name no
// account has, so that the answers do not tell which names exist. One storage-thread step, so
// concurrent failures all count. Existing sessions stay: a guesser must not be able to sign the
// owner out.
failure_outcome record_failure(store::database& db, login_limiters& limits,
                               const std::string& address, const std::string& username,
                               std::int64_t now, std::chrono::seconds first_delay) {
  failure_outcome outcome;
  limits.addresses.record_failure(address, now);
  db.in_transaction([&] {
    store::audit_record failed = login_row("login.failed", username);
    auto account = db.staff().find(username);
    if (!account) {
      // Not the typed name: it may be a password typed into the wrong field.
      failed.actor = failed.target = "(unknown user)";
      db.audit().append(failed);
      if (const std::int64_t until =
              limits.unknown_names.record_failure(username, now, first_delay);
          until > 0) {
        outcome = {true, until};
      }
      return;
    }
    db.audit().append(failed);
    const std::chrono::seconds delay = login_delay(++account->failed_logins, first_delay);
    if (delay.count() > 0) {
      account->locked_until = now + delay.count();
      outcome = {true, account->locked_until};
      db.audit().append(login_row("login.locked", username));
    }
    db.staff().update(*account);
  });
  return outcome;
}

// Whether the login may be checked at all, and the account it names.
struct login_gate {
  std::int64_t address_wait = 0;  // seconds; > 0: refused without checking the password
  std::optional<store::staff_account> account;
  std::int64_t locked_until = 0;  // the account's, or an unknown name's (seconds since the epoch)
};

std::optional<store::staff_account> record_success(store::database& db, const std::string& username,
                                                   const std::string& token, std::int64_t now,
                                                   std::chrono::seconds idle) {
  std::optional<store::staff_account> account;
  db.in_transaction([&] {
    account = db.staff().find(username);
    if (!account || account->disabled) {
      account.reset();
      return;
    }
    account->failed_logins = 0;
    account->locked_until = 0;
    db.staff().update(*account);
    db.staff().remove_expired_sessions(now, now - idle.count());
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(session_lifetime);
    db.staff().add_session(
        {session_token_hash(token), account->id, now, now + lifetime.count(), now});
    db.audit().append(login_row("login", username));
  });
  return account;
}

}  // namespace

net::awaitable<response> login(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const auto username = body.find("username");
  const auto password = body.find("password");
  if (username == body.end() || !username->is_string() || password == body.end() ||
      !password->is_string()) {
    co_return error_reply(call.req, http::status::bad_request, "invalid",
                          "ユーザー名とパスワードを入力してください。");
  }
  const std::string name = username->get<std::string>();
  const std::string secret = password->get<std::string>();
  const std::string address = client_address(call.req);
  store::database& db = call.services.db;
  login_limiters& limits = call.login_limits;
  const admin_options& options = call.services.options;
  const std::int64_t now = unix_now();

  // Refusals before the password check cost no hashing, and do not count as failures.
  const login_gate gate = co_await on_storage(call, [&db, &limits, &address, &name, now] {
    login_gate read{limits.addresses.wait(address, now).count(), db.staff().find(name), 0};
    read.locked_until =
        read.account ? read.account->locked_until : limits.unknown_names.locked_until(name);
    return read;
  });
  if (gate.address_wait > 0) {
    co_return address_waits(call.req, gate.address_wait);
  }
  const std::optional<store::staff_account>& account = gate.account;
  if (gate.locked_until > now) {
    co_return account_waits(call.req, gate.locked_until, now);
  }
  const std::string hash = account ? account->password_hash : std::string();
  const bool password_ok = co_await webhook::run_on(call.services.compute, [&hash, &secret] {
    return verify_password(hash.empty() ? stand_in_hash() : hash, secret) && !hash.empty();
  });
  if (!password_ok || account->disabled) {
    const std::chrono::seconds first_delay = options.first_login_delay;
    const failure_outcome outcome =
        co_await on_storage(call, [&db, &limits, &address, &name, now, first_delay] {
          return record_failure(db, limits, address, name, now, first_delay);
        });
    if (outcome.must_wait) {
      co_return account_waits(call.req, outcome.wait_until, now);
    }
    co_return error_reply(call.req, http::status::unauthorized, "unauthenticated",
                          "ユーザー名またはパスワードが違います。");
  }

  const std::string token = new_session_token();
  const std::chrono::seconds idle = options.session_idle;
  const auto signed_in = co_await on_storage(
      call, [&db, &name, &token, now, idle] { return record_success(db, name, token, now, idle); });
  if (!signed_in) {
    co_return error_reply(call.req, http::status::unauthorized, "unauthenticated",
                          "ユーザー名またはパスワードが違います。");
  }
  response res = json_reply(call.req, signed_in_body(*signed_in, token));
  res.set(http::field::set_cookie, session_cookie_header(call.req, token));
  co_return res;
}

net::awaitable<response> logout(api_call& call) {
  store::database& db = call.services.db;
  const std::string& hash = call.session_hash;
  const store::audit_record row = audit_row(call, "logout", {}, call.caller.username, {}, {});
  co_await on_storage(call, [&db, &hash, &row] {
    db.in_transaction([&] {
      db.staff().remove_session(hash);
      db.audit().append(row);
    });
  });
  response res = json_reply(call.req, nlohmann::json::object());
  res.set(http::field::set_cookie, cleared_session_cookie_header(call.req));
  co_return res;
}

net::awaitable<response> me(api_call& call) {
  // The dispatcher found the session by this cookie.
  co_return json_reply(call.req, signed_in_body(call.caller, session_cookie(call.req).value()));
}

net::awaitable<response> tenants(api_call& call) {
  store::knowledge_repository& knowledge = call.services.db.knowledge();
  const auto all = co_await on_storage(call, [&knowledge] { return knowledge.tenants(); });
  nlohmann::json list = nlohmann::json::array();
  for (const knowledge::tenant& t : all) {
    if (can_see(call.caller, t.id)) {
      list.push_back({{"id", t.id}, {"name", t.name}});
    }
  }
  co_return json_reply(call.req, nlohmann::json{{"tenants", std::move(list)}});
}

}  // namespace madoguchi::admin::api
