// The staff API (admin/API.md) from a test's side: accounts made with `madoguchi staff add`
// before the server starts, the real `madoguchi serve` with osaka-pref's Messenger Page going to
// the TLS fake of the Graph API (so that answers to webhooks can be read), and signed-in sessions
// that send their cookie and CSRF token.
#pragma once

#include "fakes/fake_graph_api.hpp"
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::testing {

struct staff_account_spec {
  std::string username;
  std::string password;
  std::string role;                  // "admin" or "editor"
  std::vector<std::string> tenants;  // an editor's tenants
};

// The accounts every staff API server starts with.
inline const staff_account_spec chief_admin{"chief", "chief-password-0001", "admin", {}};
inline const staff_account_spec osaka_editor{
    "sato", "sato-password-0002", "editor", {"osaka-pref"}};
inline const staff_account_spec morioka_editor{
    "iwate", "iwate-password-0003", "editor", {"morioka"}};
// A second editor of osaka-pref, for tests that lock or disable an account.
inline const staff_account_spec spare_editor{
    "suzuki", "suzuki-password-0004", "editor", {"osaka-pref"}};

// The password of accounts that tests add through the API.
inline constexpr std::string_view added_account_password = "added-password-0005";

inline constexpr const char* messenger_page_id = "1111111111";

// "/admin/api/" + path.
std::string api(std::string_view path);

// The body as JSON; a discarded value when it is not JSON.
nlohmann::json json_of(const http_result& result);

// error.code of an error answer; "" when there is none.
std::string error_code_of(const http_result& result);

// "HTTP 403 {…body…}", for failure messages.
std::string describe(const http_result& result);

// POST /admin/api/login without a session.
http_result login(unsigned short port, std::string_view username, std::string_view password,
                  const std::map<std::string, std::string>& extra_headers = {});

// A signed-in staff member: every request carries the session cookie, and POST and PUT the
// session's CSRF token.
class staff_session {
 public:
  // Signs in; throws std::runtime_error with the answer unless it is 200 with a session cookie.
  static staff_session sign_in(unsigned short port, std::string_view username,
                               std::string_view password);
  static staff_session sign_in(unsigned short port, const staff_account_spec& account) {
    return sign_in(port, account.username, account.password);
  }

  // `path` is below /admin/api/.
  http_result get(std::string_view path) const;
  http_result post(std::string_view path, const nlohmann::json& body) const;
  http_result put(std::string_view path, const nlohmann::json& body) const;
  // Any request with the cookie and (POST, PUT) the CSRF token.
  http_result send(std::string_view method, std::string_view path, const std::string& body,
                   std::string_view content_type) const;
  // Only the cookie and `headers`: for tests of what the server refuses.
  http_result send_with_headers(std::string_view method, std::string_view path,
                                const std::string& body,
                                std::map<std::string, std::string> headers) const;

  const std::string& cookie() const { return cookie_; }  // "mdg_session=…"
  const std::string& csrf_token() const { return csrf_token_; }
  const nlohmann::json& signed_in() const { return signed_in_; }  // the login answer's body

 private:
  staff_session() = default;
  unsigned short port_ = 0;
  std::string cookie_;
  std::string csrf_token_;
  nlohmann::json signed_in_;
};

// The attributes of a Set-Cookie value: "mdg_session" → its value, "HttpOnly" → "", "Path" →
// "/admin/", … (names as sent).
std::map<std::string, std::string> cookie_attributes(const std::string& set_cookie);

// The accounts every staff API server starts with.
inline const std::vector<staff_account_spec> default_accounts = {chief_admin, osaka_editor,
                                                                 morioka_editor, spare_editor};

// `madoguchi serve` in a fresh directory, with `default_accounts` (added by `madoguchi staff add`)
// and Messenger for osaka-pref answering through a TLS fake of the Graph API. `extra_config` is
// appended to the configuration file (e.g. "[admin]\nsession_idle_seconds = 3\n"). Removes the
// directory when destroyed.
class staff_api_server {
 public:
  explicit staff_api_server(const std::string& extra_config = {});
  ~staff_api_server();
  staff_api_server(const staff_api_server&) = delete;
  staff_api_server& operator=(const staff_api_server&) = delete;

  unsigned short port() const { return server_->port(); }
  std::filesystem::path database() const { return server_->database(); }
  std::string log() const { return server_->process().log(); }

  // Posts a signed Messenger text message from `sender` to osaka-pref's Page; throws unless the
  // webhook answers 200.
  void send_messenger_text(const std::string& sender, const std::string& text) const;

  // The messages (not sender actions) sent to the Graph API so far, as JSON.
  std::vector<nlohmann::json> sent_messages() const;

  // Asks osaka-pref's Page a question the bot cannot answer (a new one each call, from a new
  // sender) and waits until `admin` sees it in the unanswered inbox. Returns its id and sets
  // `text` to the question. Throws on timeout.
  std::int64_t ask_unanswerable_question(const staff_session& admin, std::string* text = nullptr);

  // Stops the server and checks it shut down cleanly.
  void stop_and_check();

 private:
  std::filesystem::path dir_;
  std::unique_ptr<fake_graph_api> graph_;
  std::unique_ptr<server_under_test> server_;
  int questions_asked_ = 0;
};

// The audit records with an id above `after_id`, oldest first (GET audit as `reader`).
std::vector<nlohmann::json> audit_records_after(const staff_session& reader, std::int64_t after_id);

// The id of the newest audit record `reader` can see; 0 when none.
std::int64_t newest_audit_id(const staff_session& reader);

// A minimal valid entry of osaka-pref for POST entries.
nlohmann::json new_entry(const std::string& id, const std::string& answer);

}  // namespace madoguchi::testing
