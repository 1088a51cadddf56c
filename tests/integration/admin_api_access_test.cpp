// Who may do what in the staff API: every route of admin/API.md, sent by each kind of caller,
// gets the status the doc's "Who" column and its roles section give. Anonymous callers get 401
// everywhere but login; an editor gets 403 for admin-only actions and for another tenant's
// entries; allowed requests succeed. Every row gets a fresh fixture for each caller (a new entry,
// account or question), so no row depends on what another row changed.
#include "staff_api_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>

namespace madoguchi::testing {
namespace {

using json = nlohmann::json;

enum class caller { anonymous, other_tenant_editor, editor, admin };
constexpr std::array all_callers = {caller::anonymous, caller::other_tenant_editor, caller::editor,
                                    caller::admin};

std::string_view name_of(caller who) {
  switch (who) {
    case caller::anonymous: return "anonymous (no session)";
    case caller::other_tenant_editor: return "editor of morioka";
    case caller::editor: return "editor of osaka-pref";
    case caller::admin: return "admin";
  }
  return "?";
}

// What a row's request works on, made anew for each caller and written {x} in its target and
// body. Fixtures are made by an admin and are all of osaka-pref.
enum class fixture {
  none,
  new_id,               // an id (entry id or username) that is not in use yet
  draft_entry,          // an entry created as a draft and never published
  published_entry,      // an entry created and published (version 1 live)
  unanswered_question,  // an open question asked on osaka-pref's Page
  spare_account,        // an extra editor of osaka-pref, password {password}
  own_session,          // the caller signs in anew for this request alone (logout ends it)
};

struct request_body {
  std::string_view content_type;
  std::string_view text;
};
constexpr request_body no_body{"", ""};
constexpr request_body json_body(std::string_view text) {
  return {"application/json", text};
}
constexpr request_body csv_body(std::string_view text) {
  return {"text/csv", text};
}

struct statuses {
  unsigned anonymous, other_tenant_editor, editor, admin;
};

struct route_case {
  std::string_view route;   // as admin/API.md writes it
  std::string_view target;  // what is sent, below /admin/api/
  request_body body;
  fixture needs;
  statuses expected;
};

// The bodies of the table's requests ({x}: the row's fixture; {password}: added_account_password).
constexpr request_body empty_object = json_body("{}");
constexpr request_body credentials = json_body(R"({"username":"{x}","password":"{password}"})");
constexpr request_body new_entry_x = json_body(
    R"({"tenant":"osaka-pref","id":"{x}","title":"新しい回答","answer":"新しい回答の本文です。"})");
constexpr request_body edited_entry_x = json_body(
    R"({"tenant":"osaka-pref","id":"{x}","title":"書き直した題","answer":"書き直した本文です。"})");
constexpr request_body version_1 = json_body(R"({"version":1})");
constexpr request_body draft_to_preview = json_body(
    R"({"tenant":"osaka-pref","entry":{"title":"下書き","answer":"下書きの本文です。"}})");
constexpr request_body to_osaka_partnership = json_body(R"({"entry":"osaka-partnership"})");
constexpr request_body question_to_try =
    json_body(R"({"tenant":"osaka-pref","text":"セミナーの申し込み方法を教えてください"})");
constexpr request_body csv_of_entry_x =
    csv_body("id,title,answer\r\n{x},取り込んだ回答,CSV から取り込んだ本文です。\r\n");
constexpr request_body wrong_current_password =
    json_body(R"({"current":"not-the-password-0000","password":"a-new-password-0007"})");
constexpr request_body return_unknown_ref =
    json_body(R"({"tenant":"osaka-pref","ref":"no-such-conversation"})");
constexpr request_body new_editor_x = json_body(
    R"({"username":"{x}","password":"{password}","role":"editor","tenants":["osaka-pref"]})");
constexpr request_body new_password = json_body(R"({"password":"another-password-0006"})");
constexpr request_body new_access = json_body(R"({"role":"editor","tenants":["morioka"]})");
constexpr request_body no_schedule = json_body(R"({"at":null})");

// clang-format off
constexpr std::array route_table = {
  //         API.md's route                          sent below /admin/api/             body               fixture                         anon other editor admin
  route_case{"POST login",                           "login",                           credentials,       fixture::spare_account,        {200, 200, 200, 200}},
  route_case{"GET tenants",                          "tenants",                         no_body,           fixture::none,                 {401, 200, 200, 200}},
  route_case{"GET me",                               "me",                              no_body,           fixture::none,                 {401, 200, 200, 200}},
  route_case{"POST me/password",                     "me/password",                     wrong_current_password, fixture::none,            {401, 400, 400, 400}},
  route_case{"POST logout",                          "logout",                          empty_object,      fixture::own_session,          {401, 200, 200, 200}},
  route_case{"GET entries?tenant=T",                 "entries?tenant=osaka-pref",       no_body,           fixture::none,                 {401, 403, 200, 200}},
  route_case{"POST entries",                         "entries",                         new_entry_x,       fixture::new_id,               {401, 403, 201, 201}},
  route_case{"GET entries/{id}?tenant=T",            "entries/{x}?tenant=osaka-pref",   no_body,           fixture::published_entry,      {401, 403, 200, 200}},
  route_case{"PUT entries/{id}?tenant=T",            "entries/{x}?tenant=osaka-pref",   edited_entry_x,    fixture::published_entry,      {401, 403, 200, 200}},
  route_case{"POST entries/{id}/publish?tenant=T",   "entries/{x}/publish?tenant=osaka-pref",  empty_object, fixture::draft_entry,      {401, 403, 403, 200}},
  route_case{"POST entries/{id}/schedule?tenant=T",  "entries/{x}/schedule?tenant=osaka-pref", no_schedule,  fixture::draft_entry,      {401, 403, 403, 200}},
  route_case{"POST entries/{id}/retire?tenant=T",    "entries/{x}/retire?tenant=osaka-pref",   empty_object, fixture::published_entry,  {401, 403, 403, 200}},
  route_case{"GET entries/{id}/versions?tenant=T",   "entries/{x}/versions?tenant=osaka-pref", no_body,      fixture::published_entry,  {401, 403, 200, 200}},
  route_case{"GET drafts",                           "drafts",                          no_body,           fixture::none,                 {401, 200, 200, 200}},
  route_case{"POST entries/{id}/rollback?tenant=T",  "entries/{x}/rollback?tenant=osaka-pref", version_1,    fixture::published_entry,  {401, 403, 403, 200}},
  route_case{"POST preview",                         "preview",                         draft_to_preview,  fixture::none,                 {401, 403, 200, 200}},
  route_case{"GET unanswered?tenant=T",              "unanswered?tenant=osaka-pref",    no_body,           fixture::none,                 {401, 403, 200, 200}},
  route_case{"POST unanswered/{id}/attach",          "unanswered/{x}/attach",           to_osaka_partnership, fixture::unanswered_question, {401, 403, 200, 200}},
  route_case{"POST unanswered/{id}/dismiss",         "unanswered/{x}/dismiss",          empty_object,      fixture::unanswered_question, {401, 403, 200, 200}},
  route_case{"POST try",                             "try",                             question_to_try,   fixture::none,                 {401, 403, 200, 200}},
  route_case{"GET handovers?tenant=T",               "handovers?tenant=osaka-pref",     no_body,           fixture::none,                 {401, 403, 200, 200}},
  route_case{"POST handovers/return",                "handovers/return",                return_unknown_ref, fixture::none,                {401, 403, 404, 404}},
  route_case{"GET audit[?tenant=T]",                 "audit",                           no_body,           fixture::none,                 {401, 200, 200, 200}},
  route_case{"GET audit[?tenant=T]",                 "audit?tenant=osaka-pref",         no_body,           fixture::none,                 {401, 403, 200, 200}},
  route_case{"GET export?tenant=T",                  "export?tenant=osaka-pref",        no_body,           fixture::none,                 {401, 403, 200, 200}},
  route_case{"POST import/preview?tenant=T[&replace=true]", "import/preview?tenant=osaka-pref", csv_of_entry_x, fixture::new_id,        {401, 403, 403, 200}},
  route_case{"POST import?tenant=T[&replace=true][&plan=P]",  "import?tenant=osaka-pref",        csv_of_entry_x,    fixture::new_id,               {401, 403, 403, 200}},
  route_case{"GET staff",                            "staff",                           no_body,           fixture::none,                 {401, 403, 403, 200}},
  route_case{"POST staff",                           "staff",                           new_editor_x,      fixture::new_id,               {401, 403, 403, 201}},
  route_case{"POST staff/{username}/password",       "staff/{x}/password",              new_password,      fixture::spare_account,        {401, 403, 403, 200}},
  route_case{"PUT staff/{username}",                 "staff/{x}",                       new_access,        fixture::spare_account,        {401, 403, 403, 200}},
  route_case{"POST staff/{username}/disable",        "staff/{x}/disable",               empty_object,      fixture::spare_account,        {401, 403, 403, 200}},
  route_case{"POST staff/{username}/enable",         "staff/{x}/enable",                empty_object,      fixture::spare_account,        {401, 403, 403, 200}},
};
// clang-format on

unsigned expected_status(const route_case& row, caller who) {
  switch (who) {
    case caller::anonymous: return row.expected.anonymous;
    case caller::other_tenant_editor: return row.expected.other_tenant_editor;
    case caller::editor: return row.expected.editor;
    case caller::admin: return row.expected.admin;
  }
  return 0;
}

std::string_view method_of(const route_case& row) {
  return row.route.substr(0, row.route.find(' '));
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string with_fixture(std::string_view text, const std::string& x) {
  return replace_all(replace_all(std::string(text), "{x}", x), "{password}",
                     added_account_password);
}

// The error code each refusal must carry: a 403 for lack of rights is not a CSRF failure.
std::string_view code_for(unsigned status) {
  switch (status) {
    case 401: return "unauthenticated";
    case 403: return "forbidden";
    default: return "";
  }
}

class staff_api_access : public ::testing::TestWithParam<route_case> {
 public:
  static void SetUpTestSuite() {
    server_ = new staff_api_server();
    sessions_ = new std::map<caller, staff_session>{
        {caller::other_tenant_editor, staff_session::sign_in(server_->port(), morioka_editor)},
        {caller::editor, staff_session::sign_in(server_->port(), osaka_editor)},
        {caller::admin, staff_session::sign_in(server_->port(), chief_admin)}};
    setup_ = new staff_session(staff_session::sign_in(server_->port(), chief_admin));
  }

  static void TearDownTestSuite() {
    delete setup_;
    delete sessions_;
    server_->stop_and_check();
    delete server_;
  }

 protected:
  // Makes what the row needs for one caller's request; returns its {x}.
  static std::string prepare(fixture needs) {
    const std::string id = "fx-" + std::to_string(++fixtures_made_);
    switch (needs) {
      case fixture::none:
      case fixture::own_session: return {};
      case fixture::new_id: return id;
      case fixture::draft_entry:
        expect_status(setup_->post("entries", new_entry(id, "下書きの本文です。")), 201);
        return id;
      case fixture::published_entry:
        expect_status(setup_->post("entries", new_entry(id, "公開中の本文です。")), 201);
        expect_status(setup_->post("entries/" + id + "/publish?tenant=osaka-pref", json::object()),
                      200);
        return id;
      case fixture::unanswered_question:
        return std::to_string(server_->ask_unanswerable_question(*setup_));
      case fixture::spare_account:
        expect_status(setup_->post("staff", {{"username", id},
                                             {"password", added_account_password},
                                             {"role", "editor"},
                                             {"tenants", {"osaka-pref"}}}),
                      201);
        return id;
    }
    return {};
  }

  static void expect_status(const http_result& answer, unsigned status) {
    if (answer.status != status) {
      throw std::runtime_error("making a fixture failed: " + describe(answer));
    }
  }

  static http_result send_as(caller who, fixture needs, std::string_view method,
                             const std::string& target, const std::string& body,
                             std::string_view content_type) {
    if (who == caller::anonymous) {
      std::map<std::string, std::string> headers;
      if (!content_type.empty()) {
        headers["Content-Type"] = std::string(content_type);
      }
      return http_call(server_->port(), std::string(method), api(target), body, headers);
    }
    if (needs == fixture::own_session) {
      const staff_account_spec& account = who == caller::admin    ? chief_admin
                                          : who == caller::editor ? osaka_editor
                                                                  : morioka_editor;
      return staff_session::sign_in(server_->port(), account)
          .send(method, target, body, content_type);
    }
    return sessions_->at(who).send(method, target, body, content_type);
  }

  static staff_api_server* server_;
  static std::map<caller, staff_session>* sessions_;
  static staff_session* setup_;
  static int fixtures_made_;
};

staff_api_server* staff_api_access::server_ = nullptr;
std::map<caller, staff_session>* staff_api_access::sessions_ = nullptr;
staff_session* staff_api_access::setup_ = nullptr;
int staff_api_access::fixtures_made_ = 0;

TEST_P(staff_api_access, each_caller_gets_the_documented_status) {
  const route_case& row = GetParam();
  for (const caller who : all_callers) {
    const std::string x = prepare(row.needs);
    const std::string target = with_fixture(row.target, x);
    const http_result got = send_as(who, row.needs, method_of(row), target,
                                    with_fixture(row.body.text, x), row.body.content_type);
    const unsigned expected = expected_status(row, who);
    EXPECT_EQ(got.status, expected)
        << row.route << " (sent: " << method_of(row) << " " << api(target) << ") by "
        << name_of(who) << ": expected " << expected << ", got " << got.status
        << "\n  body: " << got.body;
    if (got.status == expected && !code_for(expected).empty()) {
      EXPECT_EQ(error_code_of(got), code_for(expected))
          << row.route << " by " << name_of(who) << ": " << got.body;
    }
  }
}

// What gtest prints for a row: its route and what was sent.
void PrintTo(const route_case& row, std::ostream* out) {
  *out << row.route << " sent as " << method_of(row) << " " << api(row.target);
}

// "POST entries/{id}/publish?tenant=osaka-pref" → "POST_entries_x_publish_tenant_osaka_pref".
std::string test_name(const ::testing::TestParamInfo<route_case>& info) {
  const std::string text =
      std::string(method_of(info.param)) + " " + std::string(info.param.target);
  std::string name;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      name.push_back(c);
    } else if (!name.empty() && name.back() != '_') {
      name.push_back('_');
    }
  }
  while (!name.empty() && name.back() == '_') {
    name.pop_back();
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(every_route, staff_api_access, ::testing::ValuesIn(route_table),
                         test_name);

// The routes of admin/API.md's tables: the first `…` of each table row.
std::set<std::string> documented_routes() {
  std::ifstream in(std::string(MADOGUCHI_SOURCE_DIR) + "/admin/API.md");
  std::set<std::string> routes;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `", 0) == 0) {
      const std::size_t end = line.find('`', 3);
      routes.insert(line.substr(3, end - 3));
    }
  }
  return routes;
}

TEST(staff_api_access_table, covers_every_route_of_the_api_doc_and_no_other) {
  std::set<std::string> documented = documented_routes();
  ASSERT_GE(documented.size(), 20u) << "admin/API.md's route tables not found";
  documented.insert("POST login");  // described in prose, above the tables
  std::set<std::string> tested;
  for (const route_case& row : route_table) {
    tested.insert(std::string(row.route));
  }
  for (const std::string& route : documented) {
    EXPECT_TRUE(tested.contains(route)) << "no row of route_table tests " << route;
  }
  for (const std::string& route : tested) {
    EXPECT_TRUE(documented.contains(route)) << route << " is not a route of admin/API.md";
  }
}

}  // namespace
}  // namespace madoguchi::testing
