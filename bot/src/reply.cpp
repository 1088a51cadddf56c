// Payload helpers for replies.
#include "madoguchi/bot/reply.hpp"
#include "madoguchi/bot/decision.hpp"

namespace madoguchi::bot {
namespace {
constexpr std::string_view entry_prefix = "entry:";
constexpr std::string_view menu_prefix = "menu:";
}  // namespace

std::string entry_payload(std::string_view entry_id) {
  return std::string(entry_prefix) + std::string(entry_id);
}

std::string_view entry_id_of_payload(std::string_view payload) {
  return payload.starts_with(entry_prefix) ? payload.substr(entry_prefix.size())
                                           : std::string_view{};
}

std::string menu_payload(std::string_view category_id) {
  return std::string(menu_prefix) + std::string(category_id);
}

std::string_view menu_id_of_payload(std::string_view payload) {
  return payload.starts_with(menu_prefix) ? payload.substr(menu_prefix.size()) : std::string_view{};
}

std::string_view to_string(route r) {
  switch (r) {
    case route::answer: return "answer";
    case route::clarify: return "clarify";
    case route::fallback: return "fallback";
    case route::safety: return "safety";
    case route::handoff: return "handoff";
  }
  return "fallback";
}

}  // namespace madoguchi::bot
