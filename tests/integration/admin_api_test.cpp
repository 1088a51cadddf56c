// The staff API (admin/API.md) over loopback against the real `madoguchi serve`: sessions and
// their cookie, CSRF, the wait after failed logins, the audit log, publishing that reaches the next
// webhook, and that staff text never comes back as HTML. Who may call which route:
// admin_api_access_test.cpp; the security rows 26–29: admin_api_security_test.cpp.
#include "staff_api_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class staff_api : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<staff_api_server>();
    admin_ = std::make_unique<staff_session>(staff_session::sign_in(port(), chief_admin));
    editor_ = std::make_unique<staff_session>(staff_session::sign_in(port(), osaka_editor));
  }

  void TearDown() override {
    server_->stop_and_check();
    server_.reset();
  }

  unsigned short port() const { return server_->port(); }

  // The entry as GET gives it; fails the test unless 200.
  json entry(const std::string& id) const {
    const http_result answer = admin_->get("entries/" + id + "?tenant=osaka-pref");
    EXPECT_EQ(answer.status, 200u) << describe(answer);
    return json_of(answer);
  }

  std::unique_ptr<staff_api_server> server_;
  std::unique_ptr<staff_session> admin_;
  std::unique_ptr<staff_session> editor_;
};

// --- Sessions ----------------------------------------------------------------------------------

TEST_F(staff_api,
       the_session_cookie_is_http_only_strict_and_scoped_to_admin_and_secure_only_over_tls) {
  const http_result plain = login(port(), osaka_editor.username, osaka_editor.password);
  ASSERT_EQ(plain.status, 200u) << describe(plain);
  const auto cookie = cookie_attributes(plain.header("Set-Cookie"));
  ASSERT_TRUE(cookie.contains("mdg_session")) << plain.header("Set-Cookie");
  EXPECT_FALSE(cookie.at("mdg_session").empty());
  EXPECT_TRUE(cookie.contains("HttpOnly")) << plain.header("Set-Cookie");
  EXPECT_TRUE(cookie.contains("SameSite") && cookie.at("SameSite") == "Strict")
      << plain.header("Set-Cookie");
  EXPECT_TRUE(cookie.contains("Path") && cookie.at("Path") == "/admin/")
      << plain.header("Set-Cookie");
  EXPECT_TRUE(cookie.contains("Max-Age") && cookie.at("Max-Age") == "43200")  // 12 h absolute
      << plain.header("Set-Cookie");
  EXPECT_FALSE(cookie.contains("Secure")) << "plain HTTP: " << plain.header("Set-Cookie");

  // Behind TLS: admin_api_security_test.cpp (the __Host- cookie).

  // The login answer says who signed in.
  const json body = json_of(plain);
  EXPECT_EQ(body["username"], osaka_editor.username);
  EXPECT_EQ(body["role"], "editor");
  EXPECT_EQ(body["tenants"], json({"osaka-pref"}));
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
}

TEST_F(staff_api, me_gives_the_sessions_csrf_token_again) {
  const http_result me = editor_->get("me");
  ASSERT_EQ(me.status, 200u) << describe(me);
  EXPECT_EQ(json_of(me), editor_->signed_in());
}

TEST_F(staff_api, logout_clears_the_cookie_and_ends_the_session) {
  ASSERT_EQ(count_rows(server_->database(), "staff_sessions"), 2);
  const http_result out = editor_->post("logout", json::object());
  ASSERT_EQ(out.status, 200u) << describe(out);
  EXPECT_EQ(json_of(out), json::object());
  const auto cleared = cookie_attributes(out.header("Set-Cookie"));
  ASSERT_TRUE(cleared.contains("mdg_session")) << out.header("Set-Cookie");
  EXPECT_TRUE(cleared.at("mdg_session").empty() ||
              (cleared.contains("Max-Age") && cleared.at("Max-Age") == "0"))
      << out.header("Set-Cookie");

  const http_result after = editor_->get("me");
  EXPECT_EQ(after.status, 401u) << describe(after);
  EXPECT_EQ(error_code_of(after), "unauthenticated");
  EXPECT_EQ(count_rows(server_->database(), "staff_sessions"), 1);
  // Another person's session is not affected.
  EXPECT_EQ(admin_->get("me").status, 200u);
}

TEST_F(staff_api, passwords_and_session_tokens_are_stored_only_as_hashes) {
  // Argon2id with m = 19 MiB, t = 2, p = 1, for every account (those of the CLI included).
  EXPECT_EQ(count_rows(server_->database(), "staff",
                       "password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'"),
            4);
  const std::string token = editor_->cookie().substr(editor_->cookie().find('=') + 1);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(count_rows(server_->database(), "staff_sessions"), 2);
  EXPECT_EQ(count_rows(server_->database(), "staff_sessions", "token_hash = '" + token + "'"), 0);
}

TEST_F(staff_api, a_disabled_account_is_signed_out_and_cannot_sign_in_again) {
  const staff_session spare = staff_session::sign_in(port(), spare_editor);
  ASSERT_EQ(spare.get("me").status, 200u);
  const http_result disabled =
      admin_->post("staff/" + spare_editor.username + "/disable", json::object());
  ASSERT_EQ(disabled.status, 200u) << describe(disabled);

  EXPECT_EQ(spare.get("me").status, 401u);
  EXPECT_EQ(spare.get("entries?tenant=osaka-pref").status, 401u);
  const http_result again = login(port(), spare_editor.username, spare_editor.password);
  EXPECT_EQ(again.status, 401u) << describe(again);
  // The same answer as a wrong password, so that nobody learns the account exists.
  const http_result wrong = login(port(), osaka_editor.username, "not-the-password-0000");
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(json_of(again), json_of(wrong));
  const http_result unknown = login(port(), "nobody-here", "not-the-password-0000");
  EXPECT_EQ(json_of(unknown), json_of(wrong));
}

// A new role or other cities hold from the person's next request, without signing them out; a
// disabled account enabled again signs in with its password.
TEST_F(staff_api, an_admin_changes_role_and_cities_and_enables_an_account_again) {
  const staff_session spare = staff_session::sign_in(port(), spare_editor);
  const std::string path = "staff/" + spare_editor.username;
  ASSERT_EQ(spare.get("entries?tenant=morioka").status, 403u);
  ASSERT_EQ(spare.get("staff").status, 403u);

  const http_result cities = admin_->put(path, {{"role", "editor"}, {"tenants", {"morioka"}}});
  ASSERT_EQ(cities.status, 200u) << describe(cities);
  EXPECT_EQ(json_of(cities)["tenants"], json({"morioka"}));
  EXPECT_EQ(spare.get("entries?tenant=morioka").status, 200u);
  EXPECT_EQ(spare.get("entries?tenant=osaka-pref").status, 403u);

  const http_result promoted = admin_->put(path, {{"role", "admin"}, {"tenants", {"morioka"}}});
  ASSERT_EQ(promoted.status, 200u) << describe(promoted);
  EXPECT_EQ(json_of(promoted)["role"], "admin");
  EXPECT_EQ(json_of(promoted)["tenants"], json::array()) << "an admin sees every city";
  EXPECT_EQ(spare.get("staff").status, 200u);

  // Refused with the field and a Japanese message: an editor without a city, an unknown city, a
  // role that is none, and an admin's own role.
  const http_result no_city = admin_->put(path, {{"role", "editor"}, {"tenants", json::array()}});
  EXPECT_EQ(no_city.status, 400u) << describe(no_city);
  EXPECT_EQ(json_of(no_city)["error"]["field"], "tenants");
  EXPECT_EQ(admin_->put(path, {{"role", "editor"}, {"tenants", {"atlantis"}}}).status, 400u);
  EXPECT_EQ(admin_->put(path, {{"role", "owner"}}).status, 400u);
  const http_result own = admin_->put("staff/" + chief_admin.username,
                                      {{"role", "editor"}, {"tenants", {"osaka-pref"}}});
  EXPECT_EQ(own.status, 400u) << describe(own);
  EXPECT_EQ(json_of(own)["error"]["field"], "role");
  EXPECT_EQ(admin_->put("staff/nobody-here", {{"role", "admin"}}).status, 404u);
  EXPECT_EQ(admin_->get("me").status, 200u);

  ASSERT_EQ(admin_->post(path + "/disable", json::object()).status, 200u);
  ASSERT_EQ(login(port(), spare_editor.username, spare_editor.password).status, 401u);
  const http_result enabled = admin_->post(path + "/enable", json::object());
  ASSERT_EQ(enabled.status, 200u) << describe(enabled);
  EXPECT_EQ(json_of(enabled)["disabled"], false);
  EXPECT_EQ(login(port(), spare_editor.username, spare_editor.password).status, 200u);
  EXPECT_EQ(admin_->post("staff/nobody-here/enable", json::object()).status, 404u);
}

TEST_F(staff_api, a_new_password_ends_that_persons_sessions_and_the_old_one_stops_working) {
  const staff_session spare = staff_session::sign_in(port(), spare_editor);
  const std::string new_password = "brand-new-password-0007";
  const http_result changed =
      admin_->post("staff/" + spare_editor.username + "/password", {{"password", new_password}});
  ASSERT_EQ(changed.status, 200u) << describe(changed);
  EXPECT_EQ(spare.get("me").status, 401u);
  EXPECT_EQ(login(port(), spare_editor.username, spare_editor.password).status, 401u);
  EXPECT_EQ(login(port(), spare_editor.username, new_password).status, 200u);
  EXPECT_EQ(editor_->get("me").status, 200u);  // others stay signed in
}

TEST_F(staff_api, a_body_that_is_not_json_or_csv_as_required_is_refused_with_415) {
  const std::string created = new_entry("typed-wrong", "本文").dump();
  const http_result as_text = editor_->send("POST", "entries", created, "text/plain");
  EXPECT_EQ(as_text.status, 415u) << describe(as_text);
  EXPECT_EQ(error_code_of(as_text), "unsupported_media_type");
  EXPECT_EQ(admin_->get("entries/typed-wrong?tenant=osaka-pref").status, 404u);

  const http_result untyped = editor_->send("PUT", "entries/osaka-partnership?tenant=osaka-pref",
                                            entry("osaka-partnership").dump(), "");
  EXPECT_EQ(untyped.status, 415u) << describe(untyped);

  const http_result csv_as_json = admin_->send(
      "POST", "import?tenant=osaka-pref", "id,title,answer\r\nx,題,本文\r\n", "application/json");
  EXPECT_EQ(csv_as_json.status, 415u) << describe(csv_as_json);
  EXPECT_EQ(admin_->get("entries/x?tenant=osaka-pref").status, 404u);

  const http_result login_as_form = http_call(
      port(), "POST", api("login"),
      json{{"username", osaka_editor.username}, {"password", osaka_editor.password}}.dump(),
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(login_as_form.status, 415u) << describe(login_as_form);
}

TEST_F(staff_api, an_unknown_api_route_is_404_when_signed_in_and_401_before) {
  const http_result signed_in = editor_->get("nowhere");
  EXPECT_EQ(signed_in.status, 404u) << describe(signed_in);
  EXPECT_EQ(error_code_of(signed_in), "not_found");
  EXPECT_EQ(editor_->get("entries/osaka-partnership/nowhere?tenant=osaka-pref").status, 404u);
  EXPECT_EQ(http_call(port(), "GET", api("nowhere")).status, 401u);
}

// --- CSRF --------------------------------------------------------------------------------------

TEST_F(staff_api, a_change_without_the_sessions_csrf_token_is_refused_and_changes_nothing) {
  const json before = entry("osaka-partnership");
  const std::int64_t audit_rows = count_rows(server_->database(), "audit_log");
  ASSERT_GT(audit_rows, 0) << "no audit_log table, or the logins were not audited";

  json edited = before;
  edited["answer"] = "CSRF で書き換えられた本文";
  const std::string path = "entries/osaka-partnership?tenant=osaka-pref";
  const std::map<std::string, std::string> json_type{{"Content-Type", "application/json"}};
  auto with_token = [&](const std::string& token) {
    auto headers = json_type;
    headers["X-CSRF-Token"] = token;
    return headers;
  };
  const std::string foreign_token = admin_->csrf_token();  // valid, but another session's

  for (const auto& [what, headers] :
       std::vector<std::pair<std::string, std::map<std::string, std::string>>>{
           {"no token", json_type},
           {"an empty token", with_token("")},
           {"a wrong token", with_token(std::string(editor_->csrf_token().size(), '0'))},
           {"another session's token", with_token(foreign_token)}}) {
    const http_result put = editor_->send_with_headers("PUT", path, edited.dump(), headers);
    EXPECT_EQ(put.status, 403u) << "PUT with " << what << ": " << describe(put);
    EXPECT_EQ(error_code_of(put), "csrf") << "PUT with " << what << ": " << put.body;
    const http_result create = editor_->send_with_headers(
        "POST", "entries", new_entry("csrf-made", "本文").dump(), headers);
    EXPECT_EQ(create.status, 403u) << "POST with " << what << ": " << describe(create);
    EXPECT_EQ(error_code_of(create), "csrf") << "POST with " << what << ": " << create.body;
  }

  EXPECT_EQ(entry("osaka-partnership"), before);
  EXPECT_EQ(admin_->get("entries/csrf-made?tenant=osaka-pref").status, 404u);
  EXPECT_EQ(count_rows(server_->database(), "audit_log"), audit_rows);
  // The same request with the session's own token goes through.
  EXPECT_EQ(editor_->put(path, edited).status, 200u);
}

// --- Waits after failed logins (the growing waits: admin_api_security_test.cpp) ----------------

TEST_F(staff_api, five_wrong_passwords_make_the_account_wait_a_minute_and_only_that_account) {
  const std::string& name = spare_editor.username;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const http_result failed = login(port(), name, "wrong-password-" + std::to_string(attempt));
    if (attempt < 5) {
      EXPECT_EQ(failed.status, 401u) << "attempt " << attempt << ": " << describe(failed);
    } else {
      EXPECT_NE(failed.status, 200u) << describe(failed);
    }
  }
  const http_result locked = login(port(), name, spare_editor.password);
  EXPECT_EQ(locked.status, 429u) << "the right password while locked: " << describe(locked);
  EXPECT_EQ(error_code_of(locked), "locked");
  const std::string retry_after = locked.header("Retry-After");
  ASSERT_FALSE(retry_after.empty()) << "no Retry-After";
  const long seconds = std::stol(retry_after);
  EXPECT_GT(seconds, 58) << retry_after;
  EXPECT_LE(seconds, 60) << retry_after;

  // Another account signs in as before.
  EXPECT_EQ(login(port(), osaka_editor.username, osaka_editor.password).status, 200u);

  const std::vector<json> records = audit_records_after(*admin_, 0);
  int failures = 0;
  int locks = 0;
  for (const json& r : records) {
    if (r["target"] == name && r["action"] == "login.failed") {
      ++failures;
    }
    if (r["target"] == name && r["action"] == "login.locked") {
      ++locks;
    }
    EXPECT_FALSE(contains(r.dump(), "wrong-password-")) << "a password in the audit log";
  }
  EXPECT_EQ(failures, 5);
  EXPECT_EQ(locks, 1);
  const json staff = json_of(admin_->get("staff"));
  for (const json& account : staff["staff"]) {
    if (account["username"] == name) {
      EXPECT_GT(account["locked_until"].get<std::int64_t>(), 0) << account.dump();
    } else {
      EXPECT_EQ(account["locked_until"], 0) << account.dump();
    }
  }
}

TEST_F(staff_api, failures_broken_by_a_successful_login_do_not_make_the_account_wait) {
  const std::string& name = spare_editor.username;
  for (int attempt = 0; attempt < 4; ++attempt) {
    ASSERT_EQ(login(port(), name, "wrong-password-a").status, 401u);
  }
  ASSERT_EQ(login(port(), name, spare_editor.password).status, 200u);
  for (int attempt = 0; attempt < 4; ++attempt) {
    ASSERT_EQ(login(port(), name, "wrong-password-b").status, 401u);
  }
  EXPECT_EQ(login(port(), name, spare_editor.password).status, 200u);
}

// --- Audit -------------------------------------------------------------------------------------

TEST_F(staff_api, every_change_leaves_one_audit_row_with_who_what_and_the_entry_before_and_after) {
  std::int64_t seen = newest_audit_id(*admin_);
  // The one audit row written since the last call; fails the test unless there is exactly one
  // with `action`, the admin as actor and `target`.
  auto the_new_row = [&](const std::string& action, const std::string& target) {
    const std::vector<json> rows = audit_records_after(*admin_, seen);
    EXPECT_EQ(rows.size(), 1u) << action << ": " << json(rows).dump();
    if (rows.empty()) {
      return json::object();
    }
    seen = rows.back()["id"];
    const json& row = rows.front();
    EXPECT_EQ(row["action"], action) << row.dump();
    EXPECT_EQ(row["actor"], chief_admin.username) << row.dump();
    EXPECT_EQ(row["target"], target) << row.dump();
    EXPECT_FALSE(row["at"].get<std::string>().empty()) << row.dump();
    return row;
  };
  auto expect_status = [](const http_result& answer, unsigned status) {
    EXPECT_EQ(answer.status, status) << describe(answer);
  };
  const std::string id = "audit-trail";
  const std::string path = "entries/" + id;
  const std::string tenant = "?tenant=osaka-pref";

  expect_status(admin_->post("entries", new_entry(id, "初版の本文")), 201);
  json row = the_new_row("entry.create", id);
  EXPECT_EQ(row["tenant"], "osaka-pref");
  EXPECT_TRUE(row["before"].is_null()) << row.dump();
  EXPECT_EQ(row["after"]["answer"], "初版の本文") << row.dump();

  json edited = entry(id);
  edited["answer"] = "第二版の本文";
  expect_status(admin_->put(path + tenant, edited), 200);
  row = the_new_row("entry.draft", id);
  EXPECT_EQ(row["tenant"], "osaka-pref");
  EXPECT_EQ(row["before"]["answer"], "初版の本文") << row.dump();
  EXPECT_EQ(row["after"]["answer"], "第二版の本文") << row.dump();

  expect_status(admin_->post(path + "/publish" + tenant, json::object()), 200);
  row = the_new_row("entry.publish", id);
  EXPECT_EQ(row["after"]["answer"], "第二版の本文") << row.dump();

  expect_status(admin_->post(path + "/retire" + tenant, json::object()), 200);
  row = the_new_row("entry.retire", id);
  EXPECT_EQ(row["before"]["answer"], "第二版の本文") << row.dump();

  expect_status(admin_->post(path + "/rollback" + tenant, {{"version", 1}}), 200);
  row = the_new_row("entry.rollback", id);
  EXPECT_EQ(row["after"]["answer"], "初版の本文") << row.dump();
  EXPECT_EQ(entry(id)["status"], "published");

  expect_status(
      admin_->send("POST", "import" + tenant,
                   "id,title,answer\r\naudit-import,取り込み,取り込んだ本文\r\n", "text/csv"),
      200);
  row = the_new_row("entry.import", "");
  EXPECT_EQ(row["tenant"], "osaka-pref");

  std::string question;
  const std::int64_t question_id = server_->ask_unanswerable_question(*admin_, &question);
  expect_status(
      admin_->post("unanswered/" + std::to_string(question_id) + "/attach", {{"entry", id}}), 200);
  row = the_new_row("unanswered.attach", id);
  EXPECT_EQ(row["tenant"], "osaka-pref");
  EXPECT_FALSE(contains(row["before"]["questions"].dump(), question)) << row.dump();
  EXPECT_TRUE(contains(row["after"]["questions"].dump(), question)) << row.dump();

  // Set aside as nothing to answer: out of the inbox, and the audit row says what it was.
  std::string chit_chat;
  const std::int64_t dismissed_id = server_->ask_unanswerable_question(*admin_, &chit_chat);
  expect_status(
      admin_->post("unanswered/" + std::to_string(dismissed_id) + "/dismiss", json::object()), 200);
  row = the_new_row("unanswered.dismiss", std::to_string(dismissed_id));
  EXPECT_EQ(row["before"]["text"], chit_chat) << row.dump();
  EXPECT_FALSE(contains(admin_->get("unanswered?tenant=osaka-pref").body, chit_chat));

  const std::string first_password = "kimura-password-0008";
  const std::string second_password = "kimura-password-0009";
  expect_status(admin_->post("staff", {{"username", "kimura"},
                                       {"password", first_password},
                                       {"role", "editor"},
                                       {"tenants", {"osaka-pref"}}}),
                201);
  the_new_row("staff.add", "kimura");
  expect_status(admin_->post("staff/kimura/password", {{"password", second_password}}), 200);
  the_new_row("staff.password", "kimura");
  expect_status(admin_->put("staff/kimura", {{"role", "editor"}, {"tenants", {"morioka"}}}), 200);
  row = the_new_row("staff.access", "kimura");
  EXPECT_EQ(row["before"]["tenants"], json({"osaka-pref"})) << row.dump();
  EXPECT_EQ(row["after"]["tenants"], json({"morioka"})) << row.dump();
  expect_status(admin_->post("staff/kimura/disable", json::object()), 200);
  the_new_row("staff.disable", "kimura");
  expect_status(admin_->post("staff/kimura/enable", json::object()), 200);
  row = the_new_row("staff.enable", "kimura");
  EXPECT_EQ(row["before"]["disabled"], true) << row.dump();
  EXPECT_EQ(row["after"]["disabled"], false) << row.dump();

  // The database holds the same rows, and never a password.
  for (const std::string action :
       {"entry.create", "entry.draft", "entry.publish", "entry.retire", "entry.rollback",
        "entry.import", "unanswered.attach", "unanswered.dismiss", "staff.add", "staff.password",
        "staff.access", "staff.disable", "staff.enable"}) {
    EXPECT_EQ(count_rows(server_->database(), "audit_log",
                         "actor = 'chief' AND action = '" + action + "'"),
              1)
        << action;
  }
  const std::string everything = json(audit_records_after(*admin_, 0)).dump();
  EXPECT_FALSE(contains(everything, first_password));
  EXPECT_FALSE(contains(everything, second_password));
  EXPECT_FALSE(contains(everything, "$argon2id$")) << "a password hash in the audit log";
}

// The approval queue: an editor's new answer and change to a live one wait there, newest first,
// for whoever may see the city, until an admin publishes them.
TEST_F(staff_api, drafts_wait_in_the_approval_queue_until_published) {
  const auto queue = [](const staff_session& who) {
    const http_result listed = who.get("drafts");
    EXPECT_EQ(listed.status, 200u) << describe(listed);
    const json body = json_of(listed);
    std::vector<std::string> ids;
    for (const json& d : body["drafts"]) {
      ids.push_back(d["tenant"].get<std::string>() + "/" + d["id"].get<std::string>());
    }
    return ids;
  };
  const std::vector<std::string> before = queue(*admin_);
  ASSERT_EQ(editor_->post("entries", new_entry("queued-new", "新しい回答の本文")).status, 201u);
  json changed = entry("osaka-boost-seminar");
  changed["answer"] = "編集者が直した本文";
  ASSERT_EQ(editor_->put("entries/osaka-boost-seminar?tenant=osaka-pref", changed).status, 200u);

  std::vector<std::string> expected = {"osaka-pref/osaka-boost-seminar", "osaka-pref/queued-new"};
  expected.insert(expected.end(), before.begin(), before.end());
  EXPECT_EQ(queue(*admin_), expected) << "newest first";
  EXPECT_EQ(queue(*editor_), expected);
  const staff_session morioka = staff_session::sign_in(port(), morioka_editor);
  EXPECT_EQ(queue(morioka), std::vector<std::string>()) << "another city's drafts are not shown";

  ASSERT_EQ(admin_->post("entries/queued-new/publish?tenant=osaka-pref", json::object()).status,
            200u);
  expected.erase(expected.begin() + 1);
  EXPECT_EQ(queue(*admin_), expected);
}

// 予約公開: an admin schedules an editor's draft; it goes live at its time (audited as published by
// the schedule of whoever set it) and answers from then on. Times in the past, or that are not a
// number, are refused at the field; a schedule is cancelled with null.
TEST_F(staff_api, a_scheduled_draft_goes_live_at_its_time) {
  const auto now_seconds = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const std::string path = "entries/scheduled-answer/schedule?tenant=osaka-pref";
  ASSERT_EQ(editor_->post("entries", new_entry("scheduled-answer", "予約で公開する本文")).status,
            201u);
  EXPECT_EQ(editor_->post(path, {{"at", now_seconds() + 60}}).status, 403u) << "admins only";
  const http_result past = admin_->post(path, {{"at", now_seconds() - 60}});
  EXPECT_EQ(past.status, 400u) << describe(past);
  EXPECT_EQ(json_of(past)["error"]["field"], "at");
  EXPECT_EQ(admin_->post(path, {{"at", "明日の朝"}}).status, 400u);
  EXPECT_EQ(admin_->post(path, {{"at", now_seconds() + 400 * 24 * 60 * 60}}).status, 400u);
  const http_result nothing = admin_->post("entries/osaka-boost-seminar/schedule?tenant=osaka-pref",
                                           {{"at", now_seconds() + 60}});
  EXPECT_EQ(nothing.status, 409u) << "no draft to publish: " << describe(nothing);

  // Scheduled, then cancelled: still a draft, no time.
  ASSERT_EQ(admin_->post(path, {{"at", now_seconds() + 3600}}).status, 200u);
  const http_result cancelled = admin_->post(path, {{"at", nullptr}});
  ASSERT_EQ(cancelled.status, 200u) << describe(cancelled);
  EXPECT_TRUE(json_of(cancelled)["publish_at"].is_null());

  const std::int64_t at = now_seconds() + 2;
  const http_result scheduled = admin_->post(path, {{"at", at}});
  ASSERT_EQ(scheduled.status, 200u) << describe(scheduled);
  EXPECT_EQ(json_of(scheduled)["publish_at"], at);
  EXPECT_EQ(json_of(scheduled)["publish_by"], chief_admin.username);
  EXPECT_EQ(json_of(scheduled)["status"], "draft");

  EXPECT_TRUE(eventually([&] { return entry("scheduled-answer")["status"] == "published"; }, 30s))
      << server_->log();
  EXPECT_GE(now_seconds(), at);
  EXPECT_TRUE(entry("scheduled-answer")["publish_at"].is_null());
  EXPECT_EQ(count_rows(server_->database(), "audit_log",
                       "action = 'entry.publish' AND actor = 'schedule:chief' AND "
                       "target = 'scheduled-answer'"),
            1);
  EXPECT_EQ(count_rows(server_->database(), "audit_log", "action = 'entry.schedule'"), 2);
  EXPECT_EQ(count_rows(server_->database(), "audit_log", "action = 'entry.unschedule'"), 1);
}

TEST_F(staff_api, editors_see_only_their_tenants_audit_rows) {
  ASSERT_EQ(admin_->post("entries", new_entry("osaka-only", "本文")).status, 201u);
  const staff_session morioka = staff_session::sign_in(port(), morioka_editor);
  const json theirs = json_of(morioka.get("audit"));
  ASSERT_TRUE(theirs.contains("records")) << theirs.dump();
  for (const json& row : theirs["records"]) {
    EXPECT_NE(row["tenant"], "osaka-pref") << row.dump();
  }
  const json own = json_of(editor_->get("audit"));
  ASSERT_TRUE(own.contains("records")) << own.dump();
  bool osaka_editor_sees_it = false;
  for (const json& row : own["records"]) {
    osaka_editor_sees_it |= row["target"] == "osaka-only";
  }
  EXPECT_TRUE(osaka_editor_sees_it) << own.dump();
}

// --- Publishing reaches the bot ----------------------------------------------------------------

TEST_F(staff_api, a_published_answer_is_what_the_next_webhook_and_try_answer_with) {
  const std::string question = "セミナーの申し込み方法を教えてください";
  const std::string marker = "E2E-REVISED-ANSWER-4711";
  auto try_answer = [&] {
    const http_result tried = editor_->post("try", {{"tenant", "osaka-pref"}, {"text", question}});
    EXPECT_EQ(tried.status, 200u) << describe(tried);
    return tried.body;
  };

  json edited = entry("osaka-boost-seminar");  // sent back whole, read-only keys and all
  edited["answer"] = "セミナーの受付は終了しました。次回は " + marker + " でお知らせします。";
  const http_result drafted = admin_->put("entries/osaka-boost-seminar?tenant=osaka-pref", edited);
  ASSERT_EQ(drafted.status, 200u) << describe(drafted);
  EXPECT_EQ(json_of(drafted)["answer"], edited["answer"]);
  EXPECT_FALSE(contains(try_answer(), marker)) << "a draft must not be live";

  const http_result published =
      admin_->post("entries/osaka-boost-seminar/publish?tenant=osaka-pref", json::object());
  const auto answered_at = std::chrono::steady_clock::now();
  ASSERT_EQ(published.status, 200u) << describe(published);
  EXPECT_EQ(json_of(published)["status"], "published");

  server_->send_messenger_text("PSID-AFTER-PUBLISH", question);
  EXPECT_LT(std::chrono::steady_clock::now() - answered_at, 1s)
      << "the webhook was not sent within 1 s of the publish answer; the test proves nothing";
  EXPECT_TRUE(contains(try_answer(), marker));

  std::string reply;
  EXPECT_TRUE(eventually(
      [&] {
        reply.clear();
        for (const json& message : server_->sent_messages()) {
          if (message["recipient"]["id"] == "PSID-AFTER-PUBLISH") {
            reply += message["message"].dump();
          }
        }
        return contains(reply, marker);
      },
      20s))
      << "the reply: " << reply << "\nthe server's log:\n"
      << server_->log();
}

// 「Botに戻す」: staff give a handed-over conversation back; the bot answers the next message, and
// the audit log says who did it. The page never sees the person's id, only an opaque reference.
TEST_F(staff_api, staff_give_a_handed_over_conversation_back_to_the_bot) {
  auto messages_to = [&](const std::string& person) {
    std::vector<json> found;
    for (json& m : server_->sent_messages()) {
      if (m["recipient"]["id"] == person) {
        found.push_back(std::move(m));
      }
    }
    return found;
  };
  server_->send_messenger_text("PSID-BACK", "担当者と話したい");
  json listed;
  ASSERT_TRUE(eventually(
      [&] {
        listed = json_of(editor_->get("handovers?tenant=osaka-pref"));
        return listed.is_object() && listed["handovers"].size() == 1;
      },
      20s))
      << server_->log();
  const json thread = listed["handovers"][0];
  EXPECT_EQ(thread["person"], "…BACK");
  EXPECT_EQ(thread.dump().find("PSID-BACK"), std::string::npos) << thread.dump();
  ASSERT_TRUE(eventually([&] { return messages_to("PSID-BACK").size() == 1; }, 20s));

  const http_result unknown =
      editor_->post("handovers/return", {{"tenant", "osaka-pref"}, {"ref", "0123"}});
  EXPECT_EQ(unknown.status, 404u) << describe(unknown);
  const std::int64_t seen = newest_audit_id(*admin_);
  const http_result returned = editor_->post(
      "handovers/return", {{"tenant", "osaka-pref"}, {"ref", thread["ref"].get<std::string>()}});
  ASSERT_EQ(returned.status, 200u) << describe(returned);
  EXPECT_EQ(json_of(returned)["staff_active_at"], 0);
  const std::vector<json> rows = audit_records_after(*admin_, seen);
  ASSERT_EQ(rows.size(), 1u) << json(rows).dump();
  EXPECT_EQ(rows[0]["action"], "handover.return");
  EXPECT_EQ(rows[0]["actor"], osaka_editor.username);
  EXPECT_EQ(rows[0]["target"], "…BACK");

  server_->send_messenger_text("PSID-BACK", "セミナーの申し込み方法を教えてください");
  ASSERT_TRUE(eventually([&] { return messages_to("PSID-BACK").size() == 2; }, 20s))
      << server_->log();
  EXPECT_NE(messages_to("PSID-BACK").back().dump().find("splashthat"), std::string::npos);
  ASSERT_TRUE(eventually(
      [&] { return json_of(admin_->get("handovers?tenant=osaka-pref"))["handovers"].empty(); },
      20s));
}

// --- Staff text is data, never markup ----------------------------------------------------------

TEST_F(staff_api, markup_in_an_entry_comes_back_as_json_text) {
  const std::string title = "<script>alert(1)</script>";
  const std::string answer = "<img src=x onerror=alert(1)> & \"引用\"";
  json sent = new_entry("markup", answer);
  sent["title"] = title;
  const http_result created = editor_->post("entries", sent);
  ASSERT_EQ(created.status, 201u) << describe(created);

  for (const std::string path : {"entries/markup?tenant=osaka-pref", "entries?tenant=osaka-pref"}) {
    const http_result got = editor_->get(path);
    EXPECT_EQ(got.status, 200u) << path;
    EXPECT_EQ(got.content_type.rfind("application/json", 0), 0u)
        << path << ": " << got.content_type;
    ASSERT_FALSE(json_of(got).is_discarded()) << path << ": " << got.body;
  }
  const json back = entry("markup");
  EXPECT_EQ(back["title"], title);
  EXPECT_EQ(back["answer"], answer);

  // Errors are JSON too, even about a name full of markup.
  const http_result missing = editor_->get("entries/%3Cscript%3E?tenant=osaka-pref");
  EXPECT_EQ(missing.status, 404u) << describe(missing);
  EXPECT_EQ(missing.content_type.rfind("application/json", 0), 0u) << missing.content_type;
}

TEST_F(staff_api, the_staff_page_forbids_inline_scripts) {
  const http_result page = http_call(port(), "GET", "/admin/");
  ASSERT_EQ(page.status, 200u) << describe(page);
  EXPECT_EQ(page.content_type.rfind("text/html", 0), 0u) << page.content_type;
  const std::string policy = page.header("Content-Security-Policy");
  ASSERT_FALSE(policy.empty()) << "no Content-Security-Policy";
  EXPECT_TRUE(contains(policy, "script-src 'self'")) << policy;
  EXPECT_FALSE(contains(policy, "'unsafe-inline'")) << policy;
  EXPECT_FALSE(contains(policy, "'unsafe-eval'")) << policy;
}

// The address as staff type it, and the icon every browser asks for.
TEST_F(staff_api, admin_without_its_slash_leads_to_the_page_and_the_icon_is_no_error) {
  const http_result typed = http_call(port(), "GET", "/admin");
  EXPECT_EQ(typed.status, 308u) << describe(typed);
  EXPECT_EQ(typed.header("Location"), "/admin/");
  const http_result icon = http_call(port(), "GET", "/favicon.ico");
  EXPECT_EQ(icon.status, 204u) << describe(icon);
}

// Rolling back to the live version while a draft waits supersedes the draft: it happened, so it
// is audited, although the live content stays the same.
TEST_F(staff_api, a_rollback_to_the_live_version_over_a_draft_is_audited) {
  const std::string path = "entries/osaka-partnership";
  const std::string tenant = "?tenant=osaka-pref";
  json edited = entry("osaka-partnership");
  const std::int64_t live = edited["published_version"].get<std::int64_t>();
  edited["answer"] = "公開しない下書きの本文";
  ASSERT_EQ(admin_->put(path + tenant, edited).status, 200u);
  const std::int64_t seen = audit_records_after(*admin_, 0).back()["id"].get<std::int64_t>();

  const http_result back = admin_->post(path + "/rollback" + tenant, {{"version", live}});
  ASSERT_EQ(back.status, 200u) << describe(back);
  const std::vector<json> rows = audit_records_after(*admin_, seen);
  ASSERT_EQ(rows.size(), 1u) << json(rows).dump();
  EXPECT_EQ(rows.front()["action"], "entry.rollback");
  EXPECT_TRUE(entry("osaka-partnership")["draft_version"].is_null()) << "the draft was superseded";
}

// The CSV import is previewed before anything is published: the preview lists what would be
// added, changed (before and after) and retired, writes nothing, and names its plan; an import
// confirming that plan is refused with nothing written once the answers have changed since.
TEST_F(staff_api, a_csv_import_is_previewed_and_publishes_only_the_plan_staff_saw) {
  const std::string tenant = "?tenant=osaka-pref&replace=true";
  const std::string file =
      "id,title,answer\r\nosaka-boost-seminar,SNS活用セミナー,取り込みで書き直した本文\r\n"
      "preview-new,新しい回答,取り込みで足した本文\r\n";
  const json published_before = entry("osaka-boost-seminar");

  const http_result preview = admin_->send("POST", "import/preview" + tenant, file, "text/csv");
  ASSERT_EQ(preview.status, 200u) << describe(preview);
  const json plan = json_of(preview);
  EXPECT_EQ(plan["counts"]["added"], 1);
  EXPECT_EQ(plan["counts"]["updated"], 1);
  EXPECT_EQ(plan["counts"]["unchanged"], 0);
  EXPECT_GT(plan["counts"]["retired"], 1);  // replace: every other osaka-pref answer
  EXPECT_EQ(plan["retired"].size(), plan["counts"]["retired"]);
  EXPECT_EQ(plan["added"][0]["id"], "preview-new");
  EXPECT_EQ(plan["updated"][0]["before"]["answer"], published_before["answer"]);
  EXPECT_EQ(plan["updated"][0]["after"]["answer"], "取り込みで書き直した本文");
  EXPECT_EQ(admin_->get("entries/preview-new?tenant=osaka-pref").status, 404u) << "wrote nothing";
  EXPECT_EQ(entry("osaka-boost-seminar")["answer"], published_before["answer"]);

  // Someone publishes in between: the previewed plan is no longer what would happen.
  json edited = entry("osaka-partnership");
  edited["answer"] = "プレビューのあとで公開した本文";
  ASSERT_EQ(admin_->put("entries/osaka-partnership?tenant=osaka-pref", edited).status, 200u);
  ASSERT_EQ(
      admin_->post("entries/osaka-partnership/publish?tenant=osaka-pref", json::object()).status,
      200u);
  const std::string confirm = "import" + tenant + "&plan=" + plan["plan"].get<std::string>();
  const http_result stale = admin_->send("POST", confirm, file, "text/csv");
  EXPECT_EQ(stale.status, 409u) << describe(stale);
  EXPECT_EQ(error_code_of(stale), "plan_changed");
  EXPECT_EQ(admin_->get("entries/preview-new?tenant=osaka-pref").status, 404u);

  // Previewed again, the new plan is confirmed and published as shown.
  const json fresh = json_of(admin_->send("POST", "import/preview" + tenant, file, "text/csv"));
  ASSERT_NE(fresh["plan"], plan["plan"]);
  const http_result done = admin_->send(
      "POST", "import" + tenant + "&plan=" + fresh["plan"].get<std::string>(), file, "text/csv");
  ASSERT_EQ(done.status, 200u) << describe(done);
  EXPECT_EQ(json_of(done)["added"], 1);
  EXPECT_EQ(json_of(done)["retired"], fresh["counts"]["retired"]);
  EXPECT_EQ(entry("preview-new")["status"], "published");
  EXPECT_EQ(entry("osaka-boost-seminar")["answer"], "取り込みで書き直した本文");
}

}  // namespace
}  // namespace madoguchi::testing
