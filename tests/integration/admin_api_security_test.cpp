// The staff side's security rows of reliability.md's matrix over loopback against the real
// `madoguchi serve`: brute force (row 26), CSRF by origin (27), links and page headers against
// stored XSS (28), session idle expiry and the cookie in both modes (29).
#include "staff_api_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace madoguchi::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class staff_api_security : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) {
      server_->stop_and_check();
    }
  }

  void start(const std::string& extra_config = {}) {
    server_ = std::make_unique<staff_api_server>(extra_config);
  }

  unsigned short port() const { return server_->port(); }

  // How many audit rows about `username` have `action`.
  int audit_count(const std::string& username, const std::string& action) const {
    const staff_session admin = staff_session::sign_in(port(), chief_admin);
    int count = 0;
    for (const json& r : audit_records_after(admin, 0)) {
      count += r["target"] == username && r["action"] == action ? 1 : 0;
    }
    return count;
  }

  std::unique_ptr<staff_api_server> server_;
};

// --- Row 26: brute force -----------------------------------------------------------------------

TEST_F(staff_api_security, after_five_failures_the_wait_doubles_with_each_failure_until_a_success) {
  // 2 s rather than 1: a clock second that ticks between two requests must not end a wait.
  start("[admin]\nlogin_delay_seconds = 2\n");
  const std::string& name = spare_editor.username;
  const staff_session earlier = staff_session::sign_in(port(), spare_editor);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    const http_result failed = login(port(), name, "wrong-password");
    ASSERT_EQ(failed.status, 401u) << "attempt " << attempt << ": " << describe(failed);
  }
  // The 5th failure sets the first wait; each failure after a wait doubles it.
  for (const int expected : {2, 4, 8}) {
    const http_result failed = login(port(), name, "wrong-password");
    ASSERT_EQ(failed.status, 429u) << describe(failed);
    EXPECT_EQ(error_code_of(failed), "locked");
    EXPECT_EQ(failed.header("Retry-After"), std::to_string(expected));
    // While waiting even the right password is refused, unchecked.
    const http_result waiting = login(port(), name, spare_editor.password);
    EXPECT_EQ(waiting.status, 429u) << describe(waiting);
    const int left = std::stoi(waiting.header("Retry-After"));
    EXPECT_TRUE(left == expected || left == expected - 1) << left;
    std::this_thread::sleep_for(std::chrono::seconds(expected) + 100ms);
  }
  // No hard lockout: after the wait the right password signs in, and counting starts over.
  ASSERT_EQ(login(port(), name, spare_editor.password).status, 200u);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    EXPECT_EQ(login(port(), name, "wrong-password").status, 401u) << attempt;
  }
  // A guesser does not sign the owner out, nor anyone else in.
  EXPECT_EQ(earlier.get("me").status, 200u);
  EXPECT_EQ(login(port(), osaka_editor.username, osaka_editor.password).status, 200u);
  EXPECT_EQ(audit_count(name, "login.failed"), 11);
  EXPECT_EQ(audit_count(name, "login.locked"), 3);
}

// The answers must not tell which names are accounts: a name no account has waits after five
// failures exactly as an account does.
TEST_F(staff_api_security, a_name_without_an_account_waits_as_an_account_would) {
  start("[admin]\nlogin_delay_seconds = 2\n");
  for (const std::string& name : {std::string("no-such-person"), spare_editor.username}) {
    for (int attempt = 1; attempt <= 4; ++attempt) {
      const http_result failed = login(port(), name, "wrong-password");
      ASSERT_EQ(failed.status, 401u) << name << " attempt " << attempt << ": " << describe(failed);
    }
    const http_result fifth = login(port(), name, "wrong-password");
    ASSERT_EQ(fifth.status, 429u) << name << ": " << describe(fifth);
    EXPECT_EQ(error_code_of(fifth), "locked") << name;
    EXPECT_EQ(fifth.header("Retry-After"), "2") << name;
    EXPECT_EQ(login(port(), name, "wrong-password").status, 429u) << name << " while waiting";
  }
}

TEST_F(staff_api_security, one_address_gets_twenty_failed_logins_in_ten_minutes_on_any_accounts) {
  start();
  // A spray: one password on many names, made up and real (no account reaches its 5th failure).
  const std::vector<std::string> real = {morioka_editor.username, spare_editor.username,
                                         osaka_editor.username};
  for (int attempt = 0; attempt < 20; ++attempt) {
    const std::string name = attempt % 2 == 0 ? "nobody-" + std::to_string(attempt)
                                              : real[static_cast<std::size_t>(attempt / 2) % 3];
    const http_result failed = login(port(), name, "Password1!");
    ASSERT_EQ(failed.status, 401u) << "attempt " << attempt << ": " << describe(failed);
  }
  // The client's own claim to be another peer changes nothing.
  const http_result limited =
      login(port(), chief_admin.username, chief_admin.password,
            {{"Madoguchi-Peer-Address", "192.0.2.44"}, {"X-Forwarded-Proto", "http"}});
  ASSERT_EQ(limited.status, 429u) << describe(limited);
  EXPECT_EQ(error_code_of(limited), "too_many_attempts");
  const long wait = std::stol(limited.header("Retry-After"));
  EXPECT_GT(wait, 9 * 60) << wait;
  EXPECT_LE(wait, 10 * 60) << wait;
  // A proxy on this machine (the peer is loopback) names its client in X-Forwarded-For: another
  // client of the proxy is not held back.
  EXPECT_EQ(login(port(), chief_admin.username, chief_admin.password,
                  {{"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}})
                .status,
            200u);
}

// --- Row 27: CSRF by origin ---------------------------------------------------------------------

TEST_F(staff_api_security, a_change_from_another_origin_is_refused_even_with_the_token) {
  start();
  const staff_session editor = staff_session::sign_in(port(), osaka_editor);
  const std::string body = new_entry("from-elsewhere", "本文").dump();
  const auto post_with = [&](std::map<std::string, std::string> headers) {
    headers["Content-Type"] = "application/json";
    headers["X-CSRF-Token"] = editor.csrf_token();
    return editor.send_with_headers("POST", "entries", body, headers);
  };
  const std::vector<std::map<std::string, std::string>> foreign = {
      {{"Origin", "https://evil.example"}}, {{"Origin", "null"}},
      {{"Origin", "http://127.0.0.1:1"}},  // another port is another origin
      {{"Origin", "https://127.0.0.1"}},   // another scheme: the request came over plain HTTP
      {{"Sec-Fetch-Site", "cross-site"}},   {{"Sec-Fetch-Site", "same-site"}},
  };
  for (const auto& headers : foreign) {
    const http_result refused = post_with(headers);
    EXPECT_EQ(refused.status, 403u) << headers.begin()->second << ": " << describe(refused);
    EXPECT_EQ(error_code_of(refused), "csrf") << headers.begin()->second;
  }
  EXPECT_EQ(editor.get("entries/from-elsewhere?tenant=osaka-pref").status, 404u);

  // A forged login is refused too, before any password check.
  const http_result forged_login = login(port(), osaka_editor.username, osaka_editor.password,
                                         {{"Origin", "https://evil.example"}});
  EXPECT_EQ(forged_login.status, 403u) << describe(forged_login);
  // Reading is not a change.
  EXPECT_EQ(editor.send_with_headers("GET", "me", {}, {{"Origin", "https://evil.example"}}).status,
            200u);
  // The page itself: its own origin, same-origin fetches.
  const http_result own =
      post_with({{"Origin", "http://127.0.0.1"}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(own.status, 201u) << describe(own);
}

// --- Row 28: stored XSS -------------------------------------------------------------------------

TEST_F(staff_api_security, only_web_links_get_into_an_entry_by_the_api_or_by_csv) {
  start();
  const staff_session admin = staff_session::sign_in(port(), chief_admin);
  for (const std::string url : {"javascript:alert(document.cookie)", "JAVASCRIPT:alert(1)",
                                "data:text/html,<script>x</script>", "vbscript:msgbox(1)",
                                "/admin/api/logout", "//evil.example/", "https://"}) {
    json sent = new_entry("bad-link", "本文");
    sent["links"] = json::array({{{"label", "申し込み"}, {"url", url}}});
    const http_result refused = admin.post("entries", sent);
    EXPECT_EQ(refused.status, 400u) << url << ": " << describe(refused);
    EXPECT_EQ(json_of(refused)["error"]["field"], "links[0].url") << url;
  }
  const http_result imported = admin.send(
      "POST", "import?tenant=osaka-pref",
      "id,title,answer,links\r\nbad-link,題,本文,申し込み|javascript:alert(1)\r\n", "text/csv");
  EXPECT_EQ(imported.status, 400u) << describe(imported);
  EXPECT_EQ(admin.get("entries/bad-link?tenant=osaka-pref").status, 404u);
}

TEST_F(staff_api_security, every_staff_page_response_carries_the_full_security_headers) {
  start();
  for (const std::string path : {"/admin/", "/admin/app.js", "/admin/admin.css"}) {
    const http_result page = http_call(port(), "GET", path);
    ASSERT_EQ(page.status, 200u) << path;
    EXPECT_EQ(page.header("Content-Security-Policy"),
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
              "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
              "object-src 'none'")
        << path;
    EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(page.header("Referrer-Policy"), "no-referrer") << path;
  }
}

// --- Row 29: sessions ---------------------------------------------------------------------------

TEST_F(staff_api_security, a_session_ends_after_the_idle_timeout_and_each_request_moves_it_on) {
  start("[admin]\nsession_idle_seconds = 3\n");
  const staff_session editor = staff_session::sign_in(port(), osaka_editor);
  // Used every 1.1 s, the session outlives the 3 s idle timeout.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(1100ms);
    ASSERT_EQ(editor.get("me").status, 200u) << "after " << (i + 1) * 1.1 << " s in use";
  }
  std::this_thread::sleep_for(4100ms);
  const http_result idle = editor.get("me");
  EXPECT_EQ(idle.status, 401u) << describe(idle);
  EXPECT_EQ(error_code_of(idle), "unauthenticated");
  EXPECT_EQ(count_rows(server_->database(), "staff_sessions"), 0) << "ended for good";
}

TEST_F(staff_api_security,
       behind_tls_the_cookie_is_host_prefixed_and_each_mode_reads_only_its_own) {
  start();
  const std::map<std::string, std::string> tls = {{"X-Forwarded-Proto", "https"}};
  const http_result signed_in = login(port(), osaka_editor.username, osaka_editor.password, tls);
  ASSERT_EQ(signed_in.status, 200u) << describe(signed_in);
  const std::string set_cookie = signed_in.header("Set-Cookie");
  const auto cookie = cookie_attributes(set_cookie);
  ASSERT_TRUE(cookie.contains("__Host-mdg_session")) << set_cookie;
  const std::string token = cookie.at("__Host-mdg_session");
  EXPECT_FALSE(token.empty());
  EXPECT_FALSE(cookie.contains("mdg_session")) << set_cookie;
  EXPECT_FALSE(cookie.contains("Domain")) << set_cookie;
  EXPECT_EQ(cookie.count("Path") ? cookie.at("Path") : "", "/") << set_cookie;
  EXPECT_TRUE(cookie.contains("Secure")) << set_cookie;
  EXPECT_TRUE(cookie.contains("HttpOnly")) << set_cookie;
  EXPECT_EQ(cookie.count("SameSite") ? cookie.at("SameSite") : "", "Strict") << set_cookie;
  EXPECT_EQ(cookie.count("Max-Age") ? cookie.at("Max-Age") : "", "43200") << set_cookie;

  const auto me_with = [&](const std::string& cookie_header, bool over_tls) {
    std::map<std::string, std::string> headers = {{"Cookie", cookie_header}};
    if (over_tls) {
      headers.insert(tls.begin(), tls.end());
    }
    return http_call(port(), "GET", api("me"), {}, headers).status;
  };
  EXPECT_EQ(me_with("__Host-mdg_session=" + token, true), 200u);
  EXPECT_EQ(me_with("mdg_session=" + token, true), 401u) << "the plain name behind TLS";
  EXPECT_EQ(me_with("__Host-mdg_session=" + token, false), 401u) << "the TLS name over HTTP";

  // Logging out clears the same cookie, and the token is dead on the server.
  const std::string csrf = json_of(signed_in)["csrf_token"];
  std::map<std::string, std::string> logout_headers = {{"Cookie", "__Host-mdg_session=" + token},
                                                       {"X-CSRF-Token", csrf},
                                                       {"Content-Type", "application/json"}};
  logout_headers.insert(tls.begin(), tls.end());
  const http_result out = http_call(port(), "POST", api("logout"), "{}", logout_headers);
  ASSERT_EQ(out.status, 200u) << describe(out);
  const auto cleared = cookie_attributes(out.header("Set-Cookie"));
  EXPECT_TRUE(cleared.contains("__Host-mdg_session") && cleared.at("__Host-mdg_session").empty())
      << out.header("Set-Cookie");
  EXPECT_EQ(cleared.count("Path") ? cleared.at("Path") : "", "/") << out.header("Set-Cookie");
  EXPECT_TRUE(cleared.contains("Secure")) << out.header("Set-Cookie");
  EXPECT_EQ(me_with("__Host-mdg_session=" + token, true), 401u) << "after logout";
}

}  // namespace
}  // namespace madoguchi::testing
