#include "session_codec.hpp"

#include "../json_fields.hpp"

namespace madoguchi::webhook {
namespace {

using namespace json_fields;

std::int64_t seconds_of(bot::clock_seconds t) {
  return t.time_since_epoch().count();
}

bot::clock_seconds time_of(std::int64_t seconds) {
  return bot::clock_seconds(std::chrono::seconds(seconds));
}

bot::handover_reason reason_of(std::string_view name) {
  for (auto r : {bot::handover_reason::asked, bot::handover_reason::fallbacks,
                 bot::handover_reason::safety}) {
    if (name == bot::to_string(r)) {
      return r;
    }
  }
  return bot::handover_reason::none;
}

}  // namespace

store::conversation to_record(const conversation_key& key, const bot::session& s) {
  const json state = {{"offered", s.offered},
                      {"topic", s.topic},
                      {"fallbacks", s.fallbacks},
                      {"answered", s.answered}};
  const bool with_staff = s.owner == bot::thread_owner::staff;
  return {key.tenant,
          key.channel,
          key.sender,
          state.dump(-1, ' ', false, json::error_handler_t::replace),
          with_staff,
          with_staff ? std::string(bot::to_string(s.reason)) : std::string{},
          seconds_of(s.updated),
          seconds_of(s.staff_active)};
}

bot::session from_record(const store::conversation& record) {
  bot::session s;
  s.owner = record.with_staff ? bot::thread_owner::staff : bot::thread_owner::bot;
  s.reason = reason_of(record.reason);
  s.updated = time_of(record.updated_at);
  s.staff_active = time_of(record.staff_active_at);
  const json state = json::parse(record.state, nullptr, false);
  if (const json& offered = member(state, "offered"); offered.is_array()) {
    for (const json& payload : offered) {
      if (payload.is_string()) {
        s.offered.push_back(payload.get<std::string>());
      }
    }
  }
  if (const json& answered = member(state, "answered"); answered.is_array()) {
    for (const json& id : answered) {
      if (id.is_string()) {
        s.answered.push_back(id.get<std::string>());
      }
    }
  }
  if (const json& topic = member(state, "topic"); topic.is_string()) {
    s.topic = topic.get<std::string>();
  }
  s.fallbacks = static_cast<int>(integer_of(state, "fallbacks"));
  return s;
}

}  // namespace madoguchi::webhook
