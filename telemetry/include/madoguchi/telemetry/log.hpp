// File: log.hpp
//
// Structured logging: every line on stderr is one JSON object
//   {"ts":"2026-11-22T09:00:00.123Z","level":"info","event":"listening","address":"127.0.0.1:8080"}
// so operators can filter with jq and stdout stays free for command output.
//
// Never pass secrets, tokens, signatures or raw sender ids as fields: callers pseudonymise first.
//
// Thread safety: all functions may be called from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace madoguchi::telemetry {

enum class level { debug, info, warn, error };

// Lines below `minimum` are dropped. The default is info.
void set_log_level(level minimum);

// Parses "debug", "info", "warn" or "error"; returns false for anything else.
bool parse_log_level(std::string_view text, level& out);

// Writes one JSON line: {"ts", "level", "event", ...fields}. `fields` must be a JSON object (or
// null). Invalid UTF-8 in any string is replaced by U+FFFD rather than failing.
void log(level severity, std::string_view event, const nlohmann::json& fields = nullptr);

inline void log_info(std::string_view event, const nlohmann::json& fields = nullptr) {
  log(level::info, event, fields);
}
inline void log_warn(std::string_view event, const nlohmann::json& fields = nullptr) {
  log(level::warn, event, fields);
}
inline void log_error(std::string_view event, const nlohmann::json& fields = nullptr) {
  log(level::error, event, fields);
}

}  // namespace madoguchi::telemetry
