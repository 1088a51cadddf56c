// Tests of app::load_config: defaults, a full file, secrets from an injected environment, and
// errors that name the key (written to temporary TOML files).
#include "config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

namespace madoguchi::app {
namespace {

namespace fs = std::filesystem;

// An environment with exactly `values`.
environment fake_environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

const environment empty_environment = fake_environment({});

class config_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("madoguchi-config-test-" + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& content) const {
    const fs::path path = dir_ / "madoguchi.toml";
    std::ofstream(path) << content;
    return path.string();
  }

  // The config_error message for `content`; fails the test when it loads.
  std::string error_for(const std::string& content) const {
    const std::string path = write(content);
    try {
      load_config(path, empty_environment);
    } catch (const config_error& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(path), std::string::npos) << "does not name the file: " << message;
      return message;
    }
    ADD_FAILURE() << "accepted:\n" << content;
    return {};
  }

  fs::path dir_;
};

constexpr const char* full_file = R"(
[server]
listen = "127.0.0.1:9090"
threads = 4

[storage]
sqlite = "/srv/madoguchi/madoguchi.db"
seed_default = false

[meta]
graph_api_base = "http://127.0.0.1:8443/v21.0/"
ca_file = "/etc/madoguchi/ca.pem"

[nlp]
dictionary_dir = "/usr/lib/mecab/dic/ipadic"

[log]
level = "debug"

[[tenants]]
id = "osaka-pref"
name = "大阪府"
messenger_page_id = "100000000000001"
instagram_account_id = "17841400000000001"

[[tenants]]
id = "morioka"
messenger_page_id = "100000000000002"
)";

TEST_F(config_test, defaults_without_a_file) {
  const app_config config = load_config(std::nullopt, empty_environment);
  EXPECT_EQ(config.listen_host, "127.0.0.1");
  EXPECT_EQ(config.listen_port, 8080);
  EXPECT_EQ(config.threads, 0u);
  EXPECT_EQ(config.sqlite_path, "var/madoguchi.db");
  EXPECT_TRUE(config.seed_default);
  EXPECT_EQ(config.graph_api_base, "https://graph.facebook.com/v21.0");
  EXPECT_EQ(config.ca_file, "");
  EXPECT_EQ(config.dictionary_dir, "/var/lib/mecab/dic/ipadic-utf8");
  EXPECT_EQ(config.log_level, "info");
  EXPECT_TRUE(config.tenants.empty());
  EXPECT_TRUE(config.app_secret.empty());
  EXPECT_TRUE(config.verify_token.empty());
  EXPECT_TRUE(config.pseudonym_key.empty());
}

TEST_F(config_test, an_empty_file_gives_the_defaults) {
  const app_config config = load_config(write(""), empty_environment);
  EXPECT_EQ(config.listen_port, 8080);
  EXPECT_TRUE(config.tenants.empty());
}

TEST_F(config_test, full_file_is_parsed) {
  const app_config config = load_config(write(full_file), empty_environment);
  EXPECT_EQ(config.listen_host, "127.0.0.1");
  EXPECT_EQ(config.listen_port, 9090);
  EXPECT_EQ(config.threads, 4u);
  EXPECT_EQ(config.sqlite_path, "/srv/madoguchi/madoguchi.db");
  EXPECT_FALSE(config.seed_default);
  EXPECT_EQ(config.graph_api_base, "http://127.0.0.1:8443/v21.0");  // trailing '/' dropped
  EXPECT_EQ(config.ca_file, "/etc/madoguchi/ca.pem");
  EXPECT_EQ(config.dictionary_dir, "/usr/lib/mecab/dic/ipadic");
  EXPECT_EQ(config.log_level, "debug");
  ASSERT_EQ(config.tenants.size(), 2u);
  EXPECT_EQ(config.tenants[0].id, "osaka-pref");
  EXPECT_EQ(config.tenants[0].name, "大阪府");
  EXPECT_EQ(config.tenants[0].messenger_page_id, "100000000000001");
  EXPECT_EQ(config.tenants[0].instagram_account_id, "17841400000000001");
  EXPECT_EQ(config.tenants[1].id, "morioka");
  EXPECT_EQ(config.tenants[1].name, "morioka");  // the id when no name is given
  EXPECT_EQ(config.tenants[1].instagram_account_id, "");
}

TEST_F(config_test, the_connections_to_each_platform_api_are_configurable) {
  EXPECT_EQ(load_config(write(""), empty_environment).connections_per_origin, 32u);
  EXPECT_EQ(load_config(write("[delivery]\nconnections_per_origin = 64\n"), empty_environment)
                .connections_per_origin,
            64u);
}

TEST_F(config_test, ipv6_listen_address) {
  const app_config config =
      load_config(write("[server]\nlisten = \"[::1]:8443\"\n"), empty_environment);
  EXPECT_EQ(config.listen_host, "::1");
  EXPECT_EQ(config.listen_port, 8443);
}

TEST_F(config_test, the_example_configuration_is_valid) {
  const app_config config =
      load_config(MADOGUCHI_SOURCE_DIR "/madoguchi.example.toml", empty_environment);
  EXPECT_FALSE(config.tenants.empty());
}

TEST_F(config_test, secrets_and_page_tokens_come_from_the_environment) {
  const app_config config =
      load_config(write(full_file), fake_environment({
                                        {"MADOGUCHI_META_APP_SECRET", "app-secret"},
                                        {"MADOGUCHI_META_VERIFY_TOKEN", "verify-token"},
                                        {"MADOGUCHI_PSEUDONYM_KEY", "pseudonym-key"},
                                        {"MADOGUCHI_PAGE_TOKEN_OSAKA_PREF", "EAAG-osaka"},
                                        {"MADOGUCHI_PAGE_TOKEN_osaka-pref", "wrong-spelling"},
                                    }));
  EXPECT_EQ(config.app_secret, "app-secret");
  EXPECT_EQ(config.verify_token, "verify-token");
  EXPECT_EQ(config.pseudonym_key, "pseudonym-key");
  ASSERT_EQ(config.tenants.size(), 2u);
  EXPECT_EQ(config.tenants[0].page_token, "EAAG-osaka");
  EXPECT_EQ(config.tenants[1].page_token, "");
}

TEST_F(config_test, line_and_conversation_settings) {
  const app_config config =
      load_config(write("[meta]\napp_id = \"1234567890\"\n"
                        "[line]\napi_base = \"http://127.0.0.1:9000/\"\n"
                        "[conversation]\nmemory_minutes = 10\nfallbacks_before_handover = 3\n"
                        "staff_quiet_minutes = 120\n"
                        "[[tenants]]\nid = \"osaka-pref\"\n[[tenants]]\nid = \"morioka\"\n"),
                  fake_environment({{"MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF", "line-secret"},
                                    {"MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF", "line-token"}}));
  EXPECT_EQ(config.meta_app_id, "1234567890");
  EXPECT_EQ(config.line_api_base, "http://127.0.0.1:9000");
  EXPECT_EQ(config.memory_minutes, 10u);
  EXPECT_EQ(config.fallbacks_before_handover, 3u);
  EXPECT_EQ(config.staff_quiet_minutes, 120u);
  EXPECT_EQ(config.tenants[0].line_channel_secret, "line-secret");
  EXPECT_EQ(config.tenants[0].line_access_token, "line-token");
  EXPECT_EQ(config.tenants[1].line_channel_secret, "");
  EXPECT_EQ(line_secret_variable("osaka-pref"), "MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF");
  EXPECT_EQ(line_token_variable("osaka-pref"), "MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF");
}

TEST_F(config_test, line_and_conversation_defaults) {
  const app_config config = load_config(std::nullopt, empty_environment);
  EXPECT_EQ(config.line_api_base, "https://api.line.me");
  EXPECT_EQ(config.meta_app_id, "");
  EXPECT_EQ(config.memory_minutes, 30u);
  EXPECT_EQ(config.fallbacks_before_handover, 2u);
  EXPECT_EQ(config.staff_quiet_minutes, 60u);
}

TEST_F(config_test, metrics_and_readiness_settings_and_defaults) {
  const app_config defaults = load_config(std::nullopt, empty_environment);
  EXPECT_TRUE(defaults.metrics_enabled);
  EXPECT_EQ(defaults.outbox_backlog_limit, 1000u);
  const app_config config =
      load_config(write("[metrics]\nenabled = false\n[readiness]\noutbox_backlog_limit = 50\n"),
                  empty_environment);
  EXPECT_FALSE(config.metrics_enabled);
  EXPECT_EQ(config.outbox_backlog_limit, 50u);
}

TEST_F(config_test, staff_sign_in_settings_and_defaults) {
  const app_config defaults = load_config(std::nullopt, empty_environment);
  EXPECT_EQ(defaults.session_idle_seconds, 1800u);
  EXPECT_EQ(defaults.login_delay_seconds, 60u);
  const app_config config = load_config(
      write("[admin]\nsession_idle_seconds = 600\nlogin_delay_seconds = 5\n"), empty_environment);
  EXPECT_EQ(config.session_idle_seconds, 600u);
  EXPECT_EQ(config.login_delay_seconds, 5u);
  // Longer than a session's absolute limit, or a wait past the 15-minute cap: refused.
  EXPECT_NE(error_for("[admin]\nsession_idle_seconds = 86400\n").find("admin.session_idle_seconds"),
            std::string::npos);
  EXPECT_NE(error_for("[admin]\nlogin_delay_seconds = 901\n").find("admin.login_delay_seconds"),
            std::string::npos);
}

TEST(page_token_variable_test, upper_cases_the_tenant_id_with_underscores) {
  EXPECT_EQ(page_token_variable("osaka-pref"), "MADOGUCHI_PAGE_TOKEN_OSAKA_PREF");
  EXPECT_EQ(page_token_variable("morioka"), "MADOGUCHI_PAGE_TOKEN_MORIOKA");
  EXPECT_EQ(page_token_variable("city-2-a"), "MADOGUCHI_PAGE_TOKEN_CITY_2_A");
}

struct error_case {
  const char* content;
  const char* named;  // what the message must contain
};

const error_case error_cases[] = {
    {"[server]\nlistn = \"127.0.0.1:80\"\n", "server.listn"},
    {"[srever]\nlisten = \"127.0.0.1:80\"\n", "srever"},
    {"top_level = 1\n", "top_level"},
    {"[server]\nlisten = \"127.0.0.1\"\n", "server.listen"},
    {"[server]\nlisten = \"localhost:80\"\n", "server.listen"},
    {"[server]\nlisten = \"127.0.0.1:65536\"\n", "server.listen"},
    {"[server]\nlisten = \"127.0.0.1:http\"\n", "server.listen"},
    {"[server]\nlisten = \"127.0.0.1:\"\n", "server.listen"},
    {"[server]\nlisten = 8080\n", "server.listen"},
    {"[server]\nthreads = -1\n", "server.threads"},
    {"[server]\nthreads = \"4\"\n", "server.threads"},
    // Found by fuzz_config: a float was converted (undefined behaviour beyond the range).
    {"[server]\nthreads = 43e25\n", "server.threads"},
    {"[server]\nthreads = 4.0\n", "server.threads"},
    {"[storage]\nmax_megabytes = -5\n", "storage.max_megabytes"},
    {"[privacy]\nretention_days = 0\n", "privacy.retention_days"},
    {"[delivery]\ngive_up_after_hours = 48\n", "delivery.give_up_after_hours"},
    {"[delivery]\nconnections_per_origin = 0\n", "delivery.connections_per_origin"},
    {"[server]\nthreads = 1000\n", "server.threads"},
    {"[storage]\nseed_default = \"yes\"\n", "storage.seed_default"},
    {"[storage]\nsqlite = 5\n", "storage.sqlite"},
    {"[meta]\ngraph_api_base = \"ftp://graph.facebook.com\"\n", "meta.graph_api_base"},
    {"[meta]\napp_secret = \"s3cret\"\n", "MADOGUCHI_META_APP_SECRET"},
    {"[meta]\nverify_token = \"t\"\n", "MADOGUCHI_META_VERIFY_TOKEN"},
    {"[[tenants]]\nid = \"osaka-pref\"\npage_token = \"EAAG\"\n", "MADOGUCHI_PAGE_TOKEN_"},
    {"[log]\nlevel = \"verbose\"\n", "log.level"},
    {"[meta]\napp_id = \"my-app\"\n", "meta.app_id"},
    {"[line]\napi_base = \"api.line.me\"\n", "line.api_base"},
    {"[line]\nchannel_secret = \"s\"\n", "MADOGUCHI_LINE_CHANNEL_SECRET_"},
    {"[line]\nchannel_access_token = \"t\"\n", "MADOGUCHI_LINE_ACCESS_TOKEN_"},
    {"[line]\nbase = \"https://api.line.me\"\n", "line.base"},
    {"[conversation]\nmemory_minutes = 0\n", "conversation.memory_minutes"},
    {"[conversation]\nmemory_minutes = \"30\"\n", "conversation.memory_minutes"},
    {"[conversation]\nfallbacks_before_handover = 21\n", "conversation.fallbacks_before_handover"},
    {"[conversation]\nstaff_quiet_minutes = 1.5\n", "conversation.staff_quiet_minutes"},
    {"[metrics]\nenabled = \"yes\"\n", "metrics.enabled"},
    {"[metrics]\npath = \"/m\"\n", "metrics.path"},
    {"[readiness]\noutbox_backlog_limit = 0\n", "readiness.outbox_backlog_limit"},
    {"server = 1\n", "server"},
    {"[tenants]\nid = \"osaka-pref\"\n", "[[tenants]]"},
    {"[[tenants]]\nid = \"osaka-pref\"\n[[tenants]]\nid = \"osaka-pref\"\n", "osaka-pref"},
    {"[[tenants]]\nid = \"Osaka_Pref\"\n", "tenants.id"},
    {"[[tenants]]\nname = \"大阪府\"\n", "tenants.id"},
    {"[[tenants]]\nid = \"osaka-pref\"\nmessenger_page_id = \"12ab\"\n",
     "tenants.messenger_page_id"},
    {"[[tenants]]\nid = \"osaka-pref\"\ninstagram_account_id = \"1784-1\"\n",
     "tenants.instagram_account_id"},
    {"[[tenants]]\nid = \"osaka-pref\"\ncolour = \"red\"\n", "tenants.colour"},
    {"[[tenants]]\nid = \"osaka-pref\"\nline_basic_id = \"123abcde\"\n", "tenants.line_basic_id"},
};

TEST_F(config_test, errors_name_the_key) {
  for (const error_case& c : error_cases) {
    const std::string message = error_for(c.content);
    EXPECT_NE(message.find(c.named), std::string::npos) << c.content << "-> " << message;
  }
}

TEST_F(config_test, a_secret_in_the_file_names_the_key_and_the_variable) {
  const std::string message = error_for("[meta]\napp_secret = \"s3cret\"\n");
  EXPECT_NE(message.find("meta.app_secret"), std::string::npos) << message;
  EXPECT_NE(message.find("MADOGUCHI_META_APP_SECRET"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << "the secret is echoed: " << message;
}

TEST_F(config_test, duplicate_tenant_says_twice) {
  const std::string message =
      error_for("[[tenants]]\nid = \"morioka\"\n[[tenants]]\nid = \"morioka\"\n");
  EXPECT_NE(message.find("twice"), std::string::npos) << message;
}

TEST_F(config_test, invalid_toml_reports_the_line) {
  const std::string path = write("[server]\nlisten = \"127.0.0.1:80\"\nthreads = \n");
  try {
    load_config(path, empty_environment);
    FAIL() << "accepted invalid TOML";
  } catch (const config_error& error) {
    EXPECT_NE(std::string(error.what()).find(path + ":3"), std::string::npos) << error.what();
  }
}

TEST_F(config_test, a_missing_file_is_named_with_the_fix) {
  const std::string missing = (dir_ / "nowhere.toml").string();
  try {
    load_config(missing, empty_environment);
    FAIL() << "accepted a missing file";
  } catch (const config_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(missing), std::string::npos) << message;
    EXPECT_NE(message.find("--config"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace madoguchi::app
