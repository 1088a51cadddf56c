// File: config.hpp
//
// madoguchi's configuration: a TOML file (madoguchi.example.toml documents every key) plus
// secrets from the environment. The only place that reads either.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace madoguchi::app {

struct tenant_config {
  std::string id;
  std::string name;
  std::string messenger_page_id;
  std::string instagram_account_id;
  std::string page_token;           // from MADOGUCHI_PAGE_TOKEN_<TENANT>
  std::string line_channel_secret;  // from MADOGUCHI_LINE_CHANNEL_SECRET_<TENANT>
  std::string line_access_token;    // from MADOGUCHI_LINE_ACCESS_TOKEN_<TENANT>
  // The LINE account's ID ("@123abcde"): the add-friend link the bot gives in a group it joins.
  std::string line_basic_id;
};

struct app_config {
  // [server]
  std::string listen_host = "127.0.0.1";
  unsigned short listen_port = 8080;
  unsigned threads = 0;                   // 0: one per core
  unsigned request_timeout_seconds = 10;  // absolute per request; slow drip closes
  unsigned max_connections = 1024;        // beyond: 503 and close
  unsigned max_connections_per_address = 256;
  // [storage]
  std::string sqlite_path = "var/madoguchi.db";
  bool seed_default = true;
  unsigned max_megabytes = 0;  // 0: no limit; beyond it webhooks get 503 (see sqlite_options)
  // [meta]
  std::string graph_api_base = "https://graph.facebook.com/v21.0";
  std::string ca_file;       // empty: the system trust store (also for LINE)
  std::string meta_app_id;   // optional: tells madoguchi's own echoes from staff messages
  std::string app_secret;    // MADOGUCHI_META_APP_SECRET
  std::string verify_token;  // MADOGUCHI_META_VERIFY_TOKEN
  // [line]
  std::string line_api_base = "https://api.line.me";
  // [delivery]: retries of the platforms' send APIs (reliability.md §3)
  unsigned retry_base_ms = 1000;           // the first retry waits up to this (full jitter)
  unsigned retry_cap_seconds = 300;        // no wait is longer
  unsigned give_up_after_hours = 24;       // then the message is a dead letter
  unsigned breaker_failures = 5;           // upstream failures in a row that open the breaker
  unsigned breaker_cooldown_seconds = 30;  // open → one probe after this
  // A person still waiting for the answer after this long sees it read and being typed.
  unsigned typing_after_ms = 1000;
  // Keep-alive connections to each platform API (calls in flight and idle ones kept): more calls
  // wait in order for a free connection instead of opening new sockets.
  unsigned connections_per_origin = 32;
  // Events held in memory at once; more wait in the journal on disk while intake is held back.
  unsigned events_in_memory = 512;
  // [conversation]
  unsigned memory_minutes = 30;
  unsigned fallbacks_before_handover = 2;
  unsigned staff_quiet_minutes = 60;
  // [admin]: staff sign-in (reliability.md S4, S5)
  unsigned session_idle_seconds = 1800;  // a staff session unused this long ends
  unsigned login_delay_seconds = 60;     // the wait after 5 failed logins; doubles, ≤ 15 min
  // [privacy]
  unsigned retention_days = 90;  // journal rows, sent answers, unanswered questions, conversations
  // [nlp]
  std::string dictionary_dir = "/var/lib/mecab/dic/ipadic-utf8";
  // [log]
  std::string log_level = "info";
  // [metrics]
  bool metrics_enabled = true;  // GET /metrics on the server's address: firewall it
  // [readiness]
  unsigned outbox_backlog_limit = 1000;  // undelivered replies beyond which /readyz says 503
  // [[tenants]]
  std::vector<tenant_config> tenants;
  // MADOGUCHI_PSEUDONYM_KEY: keys the sender pseudonyms in logs; empty: random per process.
  std::string pseudonym_key;
};

// A configuration that cannot be used. The message names the key and says how to fix it.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using environment = std::function<const char*(const char* name)>;

// Loads `path` (or only the defaults when absent) and the environment. Throws config_error.
app_config load_config(const std::optional<std::string>& path, const environment& env);

// True for 1–64 characters of a–z, 0–9 and '-': the ids a tenant may have.
bool valid_tenant_id(std::string_view id);

// The environment variable that holds `tenant_id`'s page token: MADOGUCHI_PAGE_TOKEN_OSAKA_PREF.
std::string page_token_variable(std::string_view tenant_id);

// The environment variables of `tenant_id`'s LINE channel secret and channel access token:
// MADOGUCHI_LINE_CHANNEL_SECRET_OSAKA_PREF, MADOGUCHI_LINE_ACCESS_TOKEN_OSAKA_PREF.
std::string line_secret_variable(std::string_view tenant_id);
std::string line_token_variable(std::string_view tenant_id);

}  // namespace madoguchi::app
