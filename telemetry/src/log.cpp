// JSON-lines logger on top of spdlog's thread-safe stderr sink.
#include "madoguchi/telemetry/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace madoguchi::telemetry {
namespace {

spdlog::logger& logger() {
  // spdlog only moves the finished line; the JSON is ours, so the pattern is the bare message.
  static const std::shared_ptr<spdlog::logger> instance = [] {
    auto created = std::make_shared<spdlog::logger>(
        "madoguchi", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    created->set_pattern("%v");
    created->set_level(spdlog::level::info);
    created->flush_on(spdlog::level::debug);
    return created;
  }();
  return *instance;
}

spdlog::level::level_enum to_spdlog(level severity) {
  switch (severity) {
    case level::debug: return spdlog::level::debug;
    case level::info: return spdlog::level::info;
    case level::warn: return spdlog::level::warn;
    case level::error: return spdlog::level::err;
  }
  return spdlog::level::err;
}

const char* level_name(level severity) {
  switch (severity) {
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
  }
  return "error";
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return text;
}

}  // namespace

void set_log_level(level minimum) {
  logger().set_level(to_spdlog(minimum));
}

bool parse_log_level(std::string_view text, level& out) {
  for (level candidate : {level::debug, level::info, level::warn, level::error}) {
    if (text == level_name(candidate)) {
      out = candidate;
      return true;
    }
  }
  return false;
}

void log(level severity, std::string_view event, const nlohmann::json& fields) {
  if (!logger().should_log(to_spdlog(severity))) {
    return;
  }
  nlohmann::json line = {
      {"ts", utc_timestamp()}, {"level", level_name(severity)}, {"event", event}};
  if (fields.is_object()) {
    line.update(fields);
  }
  logger().log(to_spdlog(severity), "{}",
               line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace madoguchi::telemetry
