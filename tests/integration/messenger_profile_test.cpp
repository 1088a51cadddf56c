// `madoguchi messenger-profile` end to end: the real binary sets the Page's Get Started button,
// greeting and persistent menu through a TLS fake of the Graph API, and never prints the token.
#include "fakes/fake_graph_api.hpp"
#include "support/process.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* page_token = "EAAGprofileToken0123456789";
constexpr const char* token_variable = "MADOGUCHI_PAGE_TOKEN_OSAKA_PREF";

struct run_result {
  int exit_code = -1;  // -1: killed or timed out
  std::string out;
  std::string err;
};

// Runs a one-shot command of the real binary to completion in `dir`.
run_result run_madoguchi(const fs::path& dir, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& environment) {
  child_process command(MADOGUCHI_BINARY, args, environment, dir);
  run_result result;
  result.exit_code = command.wait(60s);
  result.out = command.output();
  result.err = command.log();
  return result;
}

// A loopback port that nothing listens on (bound, then closed).
unsigned short closed_port() {
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

class messenger_profile_command : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    const test_certificate certificate = make_localhost_certificate();
    write_file(dir_ / "ca.pem", certificate.certificate_pem);
    graph_ = std::make_unique<fake_graph_api>(certificate);
    write_config("madoguchi.toml", "https://localhost:" + std::to_string(graph_->port()) + "/v21.0",
                 (dir_ / "ca.pem").string());
  }

  void TearDown() override {
    graph_.reset();
    fs::remove_all(dir_);
  }

  void write_config(const std::string& name, const std::string& graph_api_base,
                    const std::string& ca_file) {
    write_file(dir_ / name,
               "[storage]\nsqlite = \"var/madoguchi.db\"\n[meta]\ngraph_api_base = \"" +
                   graph_api_base + "\"\nca_file = \"" + ca_file + "\"\n" +
                   "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\n" +
                   "messenger_page_id = \"1111111111\"\n" +
                   "[[tenants]]\nid = \"morioka\"\nname = \"盛岡市\"\n");
  }

  run_result run(const std::vector<std::string>& args, bool with_token = true,
                 const std::string& config = "madoguchi.toml") {
    std::vector<std::string> all{"messenger-profile", "--config", config};
    all.insert(all.end(), args.begin(), args.end());
    std::map<std::string, std::string> environment;
    if (with_token) {
      environment[token_variable] = page_token;
    }
    run_result result = run_madoguchi(dir_, all, environment);
    // Sanitizer reports of the child would otherwise go unseen.
    EXPECT_EQ(result.err.find("Sanitizer"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("runtime error:"), std::string::npos) << result.err;
    return result;
  }

  fs::path dir_;
  std::unique_ptr<fake_graph_api> graph_;
};

TEST_F(messenger_profile_command, sets_get_started_greeting_and_menu_with_one_request) {
  const run_result result = run({"--tenant", "osaka-pref"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("messenger profile set for tenant osaka-pref"), std::string::npos)
      << result.out;

  const std::vector<recorded_request> requests = graph_->requests();
  ASSERT_EQ(requests.size(), 1u);
  const recorded_request& sent = requests.front();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, std::string("/v21.0/me/messenger_profile?access_token=") + page_token);

  const auto body = nlohmann::json::parse(sent.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << sent.body;
  EXPECT_EQ(body["get_started"]["payload"], "get_started");
  ASSERT_EQ(body["greeting"].size(), 2u);
  std::set<std::string> locales;
  for (const auto& greeting : body["greeting"]) {
    locales.insert(greeting["locale"].get<std::string>());
    EXPECT_FALSE(greeting["text"].get<std::string>().empty());
  }
  EXPECT_EQ(locales, (std::set<std::string>{"default", "ja_JP"}));
  ASSERT_EQ(body["persistent_menu"].size(), 1u);
  const auto& actions = body["persistent_menu"][0]["call_to_actions"];
  ASSERT_EQ(actions.size(), 5u) << actions.dump();
  std::set<std::string> payloads;
  for (const auto& action : actions) {
    EXPECT_EQ(action["type"], "postback");
    payloads.insert(action["payload"].get<std::string>());
  }
  EXPECT_EQ(payloads, (std::set<std::string>{"menu:seminars", "menu:youth-safety", "menu:disaster",
                                             "menu:small-business", "entry:human-handoff"}));

  EXPECT_EQ(result.out.find(page_token), std::string::npos) << result.out;
  EXPECT_EQ(result.err.find(page_token), std::string::npos) << result.err;
}

TEST_F(messenger_profile_command, a_missing_page_token_names_the_variable_and_sends_nothing) {
  const run_result result = run({"--tenant", "osaka-pref"}, false);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(token_variable), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_TRUE(graph_->requests().empty());
}

TEST_F(messenger_profile_command, dry_run_prints_the_body_and_sends_nothing) {
  const run_result result = run({"--tenant", "osaka-pref", "--dry-run"}, false);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto body = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << result.out;
  EXPECT_EQ(body["get_started"]["payload"], "get_started");
  EXPECT_EQ(body["persistent_menu"][0]["call_to_actions"].size(), 5u);
  EXPECT_NE(result.out.find('\n'), result.out.size() - 1) << "pretty-printed";
  EXPECT_TRUE(graph_->requests().empty());
}

TEST_F(messenger_profile_command, an_unknown_tenant_names_the_configured_tenants) {
  const run_result result = run({"--tenant", "atlantis"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("unknown tenant 'atlantis'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("osaka-pref, morioka"), std::string::npos) << result.err;
  EXPECT_TRUE(graph_->requests().empty());
}

TEST_F(messenger_profile_command, a_refusal_prints_metas_message_and_code_but_not_the_token) {
  graph_->respond("/me/messenger_profile", 400,
                  R"({"error":{"message":"(#100) Invalid keys \"greting\" were found in param )"
                  R"(\"name_placeholder[fields]\".","type":"OAuthException","code":100,)"
                  R"("fbtrace_id":"AbCdEf"}})");
  const run_result result = run({"--tenant", "osaka-pref"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("HTTP 400"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("(#100) Invalid keys"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("(code 100)"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_EQ(result.err.find(page_token), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("access_token"), std::string::npos) << result.err;
  EXPECT_EQ(graph_->requests().size(), 1u);
}

TEST_F(messenger_profile_command, an_untrusted_certificate_is_reported_as_a_tls_failure) {
  write_file(dir_ / "other-ca.pem", make_localhost_certificate().certificate_pem);
  write_config("other.toml", "https://localhost:" + std::to_string(graph_->port()) + "/v21.0",
               (dir_ / "other-ca.pem").string());
  const run_result result = run({"--tenant", "osaka-pref"}, true, "other.toml");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("TLS handshake with localhost:"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(page_token), std::string::npos) << result.err;
  EXPECT_TRUE(graph_->requests().empty());
}

TEST_F(messenger_profile_command, a_refused_connection_is_reported_without_the_token) {
  const std::string port = std::to_string(closed_port());
  write_config("closed.toml", "https://127.0.0.1:" + port + "/v21.0", (dir_ / "ca.pem").string());
  const run_result result = run({"--tenant", "osaka-pref"}, true, "closed.toml");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("cannot connect to 127.0.0.1:" + port), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find(page_token), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("access_token"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace madoguchi::testing
