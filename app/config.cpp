// Loading and validating the configuration.
#include "config.hpp"

#include <toml++/toml.h>
#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <charconv>
#include <set>

namespace madoguchi::app {
namespace {

struct table_spec {
  std::string_view name;
  std::vector<std::string_view> keys;
};

const std::vector<table_spec> known_tables = {
    {"server",
     {"listen", "threads", "request_timeout_seconds", "max_connections",
      "max_connections_per_address"}},
    {"storage", {"sqlite", "seed_default", "max_megabytes"}},
    {"meta", {"graph_api_base", "ca_file", "app_id"}},
    {"line", {"api_base"}},
    {"delivery",
     {"retry_base_ms", "retry_cap_seconds", "give_up_after_hours", "breaker_failures",
      "breaker_cooldown_seconds", "typing_after_ms", "connections_per_origin", "events_in_memory"}},
    {"conversation", {"memory_minutes", "fallbacks_before_handover", "staff_quiet_minutes"}},
    {"admin", {"session_idle_seconds", "login_delay_seconds"}},
    {"privacy", {"retention_days"}},
    {"nlp", {"dictionary_dir"}},
    {"log", {"level"}},
    {"metrics", {"enabled"}},
    {"readiness", {"outbox_backlog_limit"}},
    {"tenants", {"id", "name", "messenger_page_id", "instagram_account_id", "line_basic_id"}},
};

// Keys that people put in config files by mistake: secrets belong in the environment.
const std::vector<std::pair<std::string_view, std::string_view>> secret_keys = {
    {"app_secret", "MADOGUCHI_META_APP_SECRET"},
    {"verify_token", "MADOGUCHI_META_VERIFY_TOKEN"},
    {"page_token", "MADOGUCHI_PAGE_TOKEN_<TENANT>"},
    {"access_token", "MADOGUCHI_PAGE_TOKEN_<TENANT> or MADOGUCHI_LINE_ACCESS_TOKEN_<TENANT>"},
    {"channel_secret", "MADOGUCHI_LINE_CHANNEL_SECRET_<TENANT>"},
    {"channel_access_token", "MADOGUCHI_LINE_ACCESS_TOKEN_<TENANT>"},
};

std::string join(const std::vector<std::string_view>& values) {
  std::string joined;
  for (std::string_view value : values) {
    joined += (joined.empty() ? "" : ", ") + std::string(value);
  }
  return joined;
}

[[noreturn]] void fail(const std::string& source, const std::string& message) {
  throw config_error(source + ": " + message);
}

void check_keys(const toml::table& table, const table_spec& spec, const std::string& source) {
  for (const auto& [key, value] : table) {
    const std::string name(key.str());
    for (const auto& [secret, variable] : secret_keys) {
      if (name == secret) {
        fail(source, "'" + std::string(spec.name) + "." + name +
                         "' is a secret and must not be in the file: remove it and set the "
                         "environment variable " +
                         std::string(variable) + " instead");
      }
    }
    if (std::find(spec.keys.begin(), spec.keys.end(), name) == spec.keys.end()) {
      fail(source, "unknown key '" + std::string(spec.name) + "." + name + "'; the keys of [" +
                       std::string(spec.name) + "] are: " + join(spec.keys));
    }
  }
}

std::string string_value(const toml::table& table, std::string_view table_name,
                         std::string_view key, const std::string& fallback,
                         const std::string& source, std::string_view example) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return fallback;
  }
  const auto value = node->value<std::string>();
  if (!value) {
    fail(source, "'" + std::string(table_name) + "." + std::string(key) +
                     "' must be a string, for example " + std::string(example));
  }
  return *value;
}

// An http(s) base URL without its trailing slashes.
std::string base_url_value(const toml::table& table, std::string_view table_name,
                           std::string_view key, const std::string& fallback,
                           const std::string& source, std::string_view example) {
  std::string url = string_value(table, table_name, key, fallback, source, example);
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    fail(source, "'" + std::string(table_name) + "." + std::string(key) +
                     "' must start with https:// (or http:// for a local test server), for "
                     "example " +
                     std::string(example));
  }
  while (url.ends_with('/')) {
    url.pop_back();
  }
  return url;
}

// A whole number in [min, max]; `meaning` says what it counts, for the error message.
std::int64_t integer_value(const toml::table& table, std::string_view table_name,
                           std::string_view key, std::int64_t fallback, std::int64_t min,
                           std::int64_t max, const std::string& source, std::string_view meaning) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return fallback;
  }
  const auto value = node->value_exact<std::int64_t>();
  if (!value || *value < min || *value > max) {
    fail(source, "'" + std::string(table_name) + "." + std::string(key) +
                     "' must be a whole number of " + std::string(meaning) + " from " +
                     std::to_string(min) + " to " + std::to_string(max));
  }
  return *value;
}

void parse_listen(const std::string& listen, app_config& config, const std::string& source) {
  const std::string help =
      "'server.listen' must be \"HOST:PORT\" with an IP address, for example \"127.0.0.1:8080\" "
      "or \"[::1]:8080\" (got \"" +
      listen + "\")";
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    fail(source, help);
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  unsigned port = 0;
  const std::string port_text = listen.substr(colon + 1);
  const auto [end, parse_error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec || parse_error != std::errc{} || end != port_text.data() + port_text.size() ||
      port > 65535) {
    fail(source, help);
  }
  config.listen_host = host;
  config.listen_port = static_cast<unsigned short>(port);
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A LINE ID: '@' then up to 20 of a–z, 0–9, '.', '_', '-' (a basic ID such as @123abcde, or a
// premium ID).
bool is_line_id(std::string_view text) {
  return text.size() >= 2 && text.size() <= 21 && text.front() == '@' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-';
         });
}

void parse_tenants(const toml::node& node, app_config& config, const std::string& source) {
  const toml::array* list = node.as_array();
  if (list == nullptr) {
    fail(source, "'tenants' must be an array of tables: write each tenant as [[tenants]]");
  }
  std::set<std::string> ids;
  for (const toml::node& item : *list) {
    const toml::table* table = item.as_table();
    if (table == nullptr) {
      fail(source, "each entry of 'tenants' must be a table: write it as [[tenants]]");
    }
    check_keys(*table, known_tables.back(), source);
    tenant_config tenant;
    tenant.id = string_value(*table, "tenants", "id", "", source, "\"osaka-pref\"");
    if (!valid_tenant_id(tenant.id)) {
      fail(source,
           "'tenants.id' must be 1–64 characters of a–z, 0–9 and '-', for example "
           "\"osaka-pref\" (got \"" +
               tenant.id + "\")");
    }
    if (!ids.insert(tenant.id).second) {
      fail(source, "tenant '" + tenant.id + "' is declared twice; keep one [[tenants]] table");
    }
    tenant.name = string_value(*table, "tenants", "name", tenant.id, source, "\"大阪府\"");
    tenant.messenger_page_id =
        string_value(*table, "tenants", "messenger_page_id", "", source, "\"1234567890\"");
    tenant.instagram_account_id =
        string_value(*table, "tenants", "instagram_account_id", "", source, "\"17841400000000\"");
    for (const auto& [key, value] :
         {std::pair{"messenger_page_id", &tenant.messenger_page_id},
          std::pair{"instagram_account_id", &tenant.instagram_account_id}}) {
      if (!all_digits(*value)) {
        fail(source, "'tenants." + std::string(key) + "' of tenant '" + tenant.id +
                         "' must be the numeric id Meta shows for the account, as a string");
      }
    }
    tenant.line_basic_id =
        string_value(*table, "tenants", "line_basic_id", "", source, "\"@123abcde\"");
    if (!tenant.line_basic_id.empty() && !is_line_id(tenant.line_basic_id)) {
      fail(source, "'tenants.line_basic_id' of tenant '" + tenant.id +
                       "' must be the account's LINE ID as the LINE Official Account Manager shows "
                       "it, starting with '@' (for example \"@123abcde\")");
    }
    config.tenants.push_back(std::move(tenant));
  }
}

void parse_file(const std::string& path, app_config& config) {
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    if (where.line == 0) {
      fail(path, "cannot read the configuration file (" + std::string(error.description()) +
                     "); pass an existing file to --config, or omit --config to use the "
                     "defaults");
    }
    fail(path + ":" + std::to_string(where.line),
         "invalid TOML: " + std::string(error.description()));
  }

  for (const auto& [key, node] : document) {
    const std::string name(key.str());
    const auto spec = std::find_if(known_tables.begin(), known_tables.end(),
                                   [&](const table_spec& s) { return s.name == name; });
    if (spec == known_tables.end()) {
      std::vector<std::string_view> names;
      for (const table_spec& s : known_tables) {
        names.push_back(s.name);
      }
      fail(path, "unknown section '" + name + "'; the sections are: " + join(names));
    }
    if (name == "tenants") {
      parse_tenants(node, config, path);
      continue;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      fail(path, "'" + name + "' must be a section: write it as [" + name + "]");
    }
    check_keys(*table, *spec, path);
    if (name == "server") {
      if (const toml::node* listen = table->get("listen")) {
        const auto text = listen->value<std::string>();
        if (!text) {
          fail(path, "'server.listen' must be a string, for example \"127.0.0.1:8080\"");
        }
        parse_listen(*text, config, path);
      }
      if (const toml::node* threads = table->get("threads")) {
        // value_exact: value<> converts a float (4.5, 4e25) to an integer, out of range UB.
        const auto count = threads->value_exact<std::int64_t>();
        if (!count || *count < 0 || *count > 256) {
          fail(path, "'server.threads' must be a whole number from 0 (one per core) to 256");
        }
        config.threads = static_cast<unsigned>(*count);
      }
      config.request_timeout_seconds = static_cast<unsigned>(
          integer_value(*table, name, "request_timeout_seconds", config.request_timeout_seconds, 1,
                        300, path, "seconds"));
      config.max_connections = static_cast<unsigned>(integer_value(
          *table, name, "max_connections", config.max_connections, 1, 100000, path, "connections"));
      config.max_connections_per_address = static_cast<unsigned>(
          integer_value(*table, name, "max_connections_per_address",
                        config.max_connections_per_address, 1, 100000, path, "connections"));
    } else if (name == "storage") {
      config.sqlite_path =
          string_value(*table, name, "sqlite", config.sqlite_path, path, "\"var/madoguchi.db\"");
      config.max_megabytes = static_cast<unsigned>(integer_value(
          *table, name, "max_megabytes", config.max_megabytes, 0, 1'000'000, path, "megabytes"));
      if (const toml::node* seed = table->get("seed_default")) {
        const auto value = seed->value<bool>();
        if (!value) {
          fail(path, "'storage.seed_default' must be true or false");
        }
        config.seed_default = *value;
      }
    } else if (name == "meta") {
      config.graph_api_base = base_url_value(*table, name, "graph_api_base", config.graph_api_base,
                                             path, "\"https://graph.facebook.com/v21.0\"");
      config.ca_file = string_value(*table, name, "ca_file", config.ca_file, path,
                                    "\"/etc/ssl/certs/ca-certificates.crt\"");
      config.meta_app_id = string_value(*table, name, "app_id", "", path, "\"1234567890\"");
      if (!all_digits(config.meta_app_id)) {
        fail(path,
             "'meta.app_id' must be the Meta app's numeric id (App Dashboard → App "
             "settings → Basic), for example \"1234567890\"");
      }
    } else if (name == "line") {
      config.line_api_base = base_url_value(*table, name, "api_base", config.line_api_base, path,
                                            "\"https://api.line.me\"");
    } else if (name == "delivery") {
      config.retry_base_ms = static_cast<unsigned>(integer_value(
          *table, name, "retry_base_ms", config.retry_base_ms, 10, 60'000, path, "milliseconds"));
      config.retry_cap_seconds = static_cast<unsigned>(integer_value(
          *table, name, "retry_cap_seconds", config.retry_cap_seconds, 1, 3600, path, "seconds"));
      config.give_up_after_hours = static_cast<unsigned>(integer_value(
          *table, name, "give_up_after_hours", config.give_up_after_hours, 1, 24, path, "hours"));
      config.breaker_failures = static_cast<unsigned>(
          integer_value(*table, name, "breaker_failures", config.breaker_failures, 1, 1000, path,
                        "failures in a row"));
      config.breaker_cooldown_seconds = static_cast<unsigned>(
          integer_value(*table, name, "breaker_cooldown_seconds", config.breaker_cooldown_seconds,
                        1, 3600, path, "seconds"));
      config.typing_after_ms = static_cast<unsigned>(integer_value(*table, name, "typing_after_ms",
                                                                   config.typing_after_ms, 0,
                                                                   60'000, path, "milliseconds"));
      config.connections_per_origin = static_cast<unsigned>(
          integer_value(*table, name, "connections_per_origin", config.connections_per_origin, 1,
                        1024, path, "connections"));
      config.events_in_memory = static_cast<unsigned>(integer_value(
          *table, name, "events_in_memory", config.events_in_memory, 1, 100'000, path, "events"));
    } else if (name == "conversation") {
      config.memory_minutes = static_cast<unsigned>(integer_value(
          *table, name, "memory_minutes", config.memory_minutes, 1, 1440, path, "minutes"));
      config.fallbacks_before_handover = static_cast<unsigned>(
          integer_value(*table, name, "fallbacks_before_handover", config.fallbacks_before_handover,
                        1, 20, path, "fallbacks in a row"));
      config.staff_quiet_minutes = static_cast<unsigned>(
          integer_value(*table, name, "staff_quiet_minutes", config.staff_quiet_minutes, 1, 10080,
                        path, "minutes"));
    } else if (name == "admin") {
      config.session_idle_seconds = static_cast<unsigned>(
          integer_value(*table, name, "session_idle_seconds", config.session_idle_seconds, 2,
                        12 * 3600, path, "seconds"));
      config.login_delay_seconds =
          static_cast<unsigned>(integer_value(*table, name, "login_delay_seconds",
                                              config.login_delay_seconds, 1, 900, path, "seconds"));
    } else if (name == "privacy") {
      config.retention_days = static_cast<unsigned>(integer_value(
          *table, name, "retention_days", config.retention_days, 1, 3650, path, "days"));
    } else if (name == "nlp") {
      config.dictionary_dir = string_value(*table, name, "dictionary_dir", config.dictionary_dir,
                                           path, "\"/var/lib/mecab/dic/ipadic-utf8\"");
    } else if (name == "log") {
      config.log_level = string_value(*table, name, "level", config.log_level, path, "\"info\"");
      if (config.log_level != "debug" && config.log_level != "info" && config.log_level != "warn" &&
          config.log_level != "error") {
        fail(path, "'log.level' must be \"debug\", \"info\", \"warn\" or \"error\"");
      }
    } else if (name == "metrics") {
      if (const toml::node* enabled = table->get("enabled")) {
        const auto value = enabled->value<bool>();
        if (!value) {
          fail(path, "'metrics.enabled' must be true or false");
        }
        config.metrics_enabled = *value;
      }
    } else if (name == "readiness") {
      config.outbox_backlog_limit = static_cast<unsigned>(
          integer_value(*table, name, "outbox_backlog_limit", config.outbox_backlog_limit, 1,
                        10'000'000, path, "undelivered replies"));
    }
  }
}

// PREFIX + the tenant id upper-cased with '-' as '_'.
std::string tenant_variable(std::string_view prefix, std::string_view tenant_id) {
  std::string name(prefix);
  for (char c : tenant_id) {
    name.push_back(c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return name;
}

std::string from_env(const environment& env, const char* name) {
  const char* value = env(name);
  return value == nullptr ? std::string{} : std::string(value);
}

}  // namespace

bool valid_tenant_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string page_token_variable(std::string_view tenant_id) {
  return tenant_variable("MADOGUCHI_PAGE_TOKEN_", tenant_id);
}

std::string line_secret_variable(std::string_view tenant_id) {
  return tenant_variable("MADOGUCHI_LINE_CHANNEL_SECRET_", tenant_id);
}

std::string line_token_variable(std::string_view tenant_id) {
  return tenant_variable("MADOGUCHI_LINE_ACCESS_TOKEN_", tenant_id);
}

app_config load_config(const std::optional<std::string>& path, const environment& env) {
  app_config config;
  if (path) {
    parse_file(*path, config);
  }
  config.app_secret = from_env(env, "MADOGUCHI_META_APP_SECRET");
  config.verify_token = from_env(env, "MADOGUCHI_META_VERIFY_TOKEN");
  config.pseudonym_key = from_env(env, "MADOGUCHI_PSEUDONYM_KEY");
  for (tenant_config& tenant : config.tenants) {
    tenant.page_token = from_env(env, page_token_variable(tenant.id).c_str());
    tenant.line_channel_secret = from_env(env, line_secret_variable(tenant.id).c_str());
    tenant.line_access_token = from_env(env, line_token_variable(tenant.id).c_str());
  }
  return config;
}

}  // namespace madoguchi::app
