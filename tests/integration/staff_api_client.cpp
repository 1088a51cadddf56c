#include "staff_api_client.hpp"

#include "support/process.hpp"
#include "support/test_tls.hpp"

#include <array>
#include <chrono>
#include <stdexcept>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* app_secret = "staff-api-app-secret-1d4e";
constexpr const char* verify_token = "staff-api-verify-token-8c0f";
constexpr const char* page_token = "EAAGstaffApiPageToken0123";

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// 'text' for /bin/sh (the test's own constants hold no single quote).
std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

// Runs `madoguchi staff add` for each account in `dir`, the password on standard input.
void add_accounts_with_cli(const fs::path& dir, const std::vector<staff_account_spec>& accounts) {
  std::string script = "set -e\n";
  for (const staff_account_spec& account : accounts) {
    script += "printf '%s\\n' " + quoted(account.password) + " | " + quoted(MADOGUCHI_BINARY) +
              " staff add " + quoted(account.username) + " --role " + account.role;
    for (const std::string& tenant : account.tenants) {
      script += " --tenant " + quoted(tenant);
    }
    script += " --config " + quoted((dir / "madoguchi.toml").string()) + "\n";
  }
  child_process cli("/bin/sh", {"-c", script}, {}, dir);
  if (cli.wait(120s) != 0) {
    throw std::runtime_error("`madoguchi staff add` failed:\n" + cli.output() + cli.log());
  }
}

std::string tenants_config() {
  return std::string(
             "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\nmessenger_page_id = \"") +
         messenger_page_id + "\"\n[[tenants]]\nid = \"morioka\"\nname = \"盛岡市\"\n";
}

// The default accounts, added with the CLI once per test program (five process starts, each
// slow under the sanitizers); every server starts from a copy of this `var/` directory.
class accounts_database {
 public:
  static fs::path var_dir() {
    static const accounts_database made;
    return made.dir_ / "var";
  }

 private:
  accounts_database() : dir_(make_temp_dir()) {
    write_file(dir_ / "madoguchi.toml",
               std::string("[storage]\nsqlite = \"var/madoguchi.db\"\n") + tenants_config());
    add_accounts_with_cli(dir_, default_accounts);
  }
  ~accounts_database() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path dir_;
};

std::string server_config(unsigned short graph_port, const fs::path& ca_file) {
  return std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
         "[storage]\nsqlite = \"var/madoguchi.db\"\n" +
         "[meta]\ngraph_api_base = \"https://localhost:" + std::to_string(graph_port) +
         "/v21.0\"\n" + "ca_file = \"" + ca_file.string() + "\"\n" + tenants_config();
}

std::string messenger_text_event(const std::string& sender, const std::string& mid,
                                 const std::string& text) {
  return json{{"object", "page"},
              {"entry",
               {{{"id", messenger_page_id},
                 {"time", now_ms()},
                 {"messaging",
                  {{{"sender", {{"id", sender}}},
                    {"recipient", {{"id", messenger_page_id}}},
                    {"timestamp", now_ms()},
                    {"message", {{"mid", mid}, {"text", text}}}}}}}}}}
      .dump();
}

// Questions no entry of the default knowledge base is near (checked with `madoguchi ask`): a
// made-up animal with two made-up syllables, 48 different ones.
std::string unanswerable_question(int n) {
  static constexpr std::array<const char*, 12> first = {
      "ヴァ", "ヴィ", "ヴェ", "ヴォ", "ヅァ", "ヂュ", "ヰ", "ヱ", "ヴュ", "ヴョ", "ツォ", "ズィ"};
  static constexpr std::array<const char*, 4> second = {"ヴァ", "ヴィ", "ヴェ", "ヴォ"};
  return std::string("プルトニウム猫") + first.at(static_cast<std::size_t>(n / 4 % 12)) +
         second.at(static_cast<std::size_t>(n % 4)) + "の予防接種は何月ですか";
}

}  // namespace

std::string api(std::string_view path) {
  return "/admin/api/" + std::string(path);
}

json json_of(const http_result& result) {
  return json::parse(result.body, nullptr, false);
}

std::string error_code_of(const http_result& result) {
  const json body = json_of(result);
  if (body.is_object() && body.contains("error") && body["error"].is_object() &&
      body["error"].contains("code") && body["error"]["code"].is_string()) {
    return body["error"]["code"];
  }
  return {};
}

std::string describe(const http_result& result) {
  return "HTTP " + std::to_string(result.status) + " " + result.body;
}

http_result login(unsigned short port, std::string_view username, std::string_view password,
                  const std::map<std::string, std::string>& extra_headers) {
  std::map<std::string, std::string> headers = extra_headers;
  headers["Content-Type"] = "application/json";
  return http_call(port, "POST", api("login"),
                   json{{"username", username}, {"password", password}}.dump(), headers);
}

staff_session staff_session::sign_in(unsigned short port, std::string_view username,
                                     std::string_view password) {
  const http_result answer = login(port, username, password);
  const std::string set_cookie = answer.header("Set-Cookie");
  const json body = json_of(answer);
  if (answer.status != 200 || set_cookie.rfind("mdg_session=", 0) != 0 || !body.is_object() ||
      !body.contains("csrf_token")) {
    throw std::runtime_error("cannot sign in as " + std::string(username) + ": " +
                             describe(answer) + " Set-Cookie: " + set_cookie);
  }
  staff_session session;
  session.port_ = port;
  session.cookie_ = trim(set_cookie.substr(0, set_cookie.find(';')));
  session.csrf_token_ = body["csrf_token"];
  session.signed_in_ = body;
  return session;
}

http_result staff_session::get(std::string_view path) const {
  return send("GET", path, {}, {});
}

http_result staff_session::post(std::string_view path, const json& body) const {
  return send("POST", path, body.dump(), "application/json");
}

http_result staff_session::put(std::string_view path, const json& body) const {
  return send("PUT", path, body.dump(), "application/json");
}

http_result staff_session::send(std::string_view method, std::string_view path,
                                const std::string& body, std::string_view content_type) const {
  std::map<std::string, std::string> headers;
  if (!content_type.empty()) {
    headers["Content-Type"] = std::string(content_type);
  }
  if (method == "POST" || method == "PUT") {
    headers["X-CSRF-Token"] = csrf_token_;
  }
  return send_with_headers(method, path, body, std::move(headers));
}

http_result staff_session::send_with_headers(std::string_view method, std::string_view path,
                                             const std::string& body,
                                             std::map<std::string, std::string> headers) const {
  headers["Cookie"] = cookie_;
  return http_call(port_, std::string(method), api(path), body, headers);
}

std::map<std::string, std::string> cookie_attributes(const std::string& set_cookie) {
  std::map<std::string, std::string> attributes;
  std::string_view rest = set_cookie;
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    const std::string_view part = rest.substr(0, end);
    const std::size_t equals = part.find('=');
    attributes[trim(part.substr(0, equals))] =
        equals == std::string_view::npos ? std::string() : trim(part.substr(equals + 1));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return attributes;
}

staff_api_server::staff_api_server(const std::string& extra_config) : dir_(make_temp_dir()) {
  const test_certificate certificate = make_localhost_certificate();
  write_file(dir_ / "ca.pem", certificate.certificate_pem);
  graph_ = std::make_unique<fake_graph_api>(certificate);
  const std::string config = server_config(graph_->port(), dir_ / "ca.pem") + extra_config;
  write_file(dir_ / "madoguchi.toml", config);
  fs::copy(accounts_database::var_dir(), dir_ / "var", fs::copy_options::recursive);
  server_ = std::make_unique<server_under_test>(
      dir_, config,
      std::map<std::string, std::string>{{"MADOGUCHI_META_APP_SECRET", app_secret},
                                         {"MADOGUCHI_META_VERIFY_TOKEN", verify_token},
                                         {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", page_token}});
}

staff_api_server::~staff_api_server() {
  server_.reset();
  graph_.reset();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void staff_api_server::send_messenger_text(const std::string& sender,
                                           const std::string& text) const {
  static int next_mid = 0;
  const std::string body =
      messenger_text_event(sender, "m_staff_api_" + std::to_string(++next_mid), text);
  const http_result ack = http_call(port(), "POST", "/webhook/messenger", body,
                                    {{"Content-Type", "application/json"},
                                     {"X-Hub-Signature-256", meta_signature(app_secret, body)}});
  if (ack.status != 200) {
    throw std::runtime_error("the webhook refused a signed message: " + describe(ack));
  }
}

std::vector<json> staff_api_server::sent_messages() const {
  std::vector<json> found;
  for (const recorded_request& r : graph_->requests_to("/me/messages")) {
    json body = json::parse(r.body, nullptr, false);
    if (body.is_object() && body.contains("message")) {
      found.push_back(std::move(body));
    }
  }
  return found;
}

std::int64_t staff_api_server::ask_unanswerable_question(const staff_session& admin,
                                                         std::string* text) {
  const int n = questions_asked_++;
  const std::string question = unanswerable_question(n);
  send_messenger_text("PSID-UNANSWERED-" + std::to_string(n), question);
  std::int64_t id = 0;
  eventually(
      [&] {
        const json listed = json_of(admin.get("unanswered?tenant=osaka-pref"));
        if (!listed.is_object() || !listed.contains("questions")) {
          return false;
        }
        for (const json& q : listed["questions"]) {
          if (q.value("text", "") == question) {
            id = q.value("id", std::int64_t{0});
            return true;
          }
        }
        return false;
      },
      20s);
  if (id == 0) {
    throw std::runtime_error("the unanswerable question 「" + question +
                             "」 never reached the unanswered inbox; the server's log:\n" + log());
  }
  if (text != nullptr) {
    *text = question;
  }
  return id;
}

void staff_api_server::stop_and_check() {
  server_->stop_and_check();
}

std::vector<json> audit_records_after(const staff_session& reader, std::int64_t after_id) {
  const http_result answer = reader.get("audit");
  const json body = json_of(answer);
  if (answer.status != 200 || !body.is_object() || !body.contains("records")) {
    throw std::runtime_error("GET audit failed: " + describe(answer));
  }
  std::vector<json> newer;
  for (const json& record : body["records"]) {  // newest first
    if (record.value("id", std::int64_t{0}) > after_id) {
      newer.insert(newer.begin(), record);
    }
  }
  return newer;
}

std::int64_t newest_audit_id(const staff_session& reader) {
  const std::vector<json> all = audit_records_after(reader, 0);
  return all.empty() ? 0 : all.back().value("id", std::int64_t{0});
}

json new_entry(const std::string& id, const std::string& answer) {
  return {{"tenant", "osaka-pref"},
          {"id", id},
          {"title", "テスト用の回答 " + id},
          {"questions", {"テスト用の質問 " + id}},
          {"answer", answer}};
}

}  // namespace madoguchi::testing
