// Payload helpers for replies.
#include "madoguchi/bot/reply.hpp"
#include "madoguchi/bot/decision.hpp"

namespace madoguchi::bot {
namespace {
constexpr std::string_view entry_prefix = "entry:";
}

std::string entry_payload(std::string_view entry_id) {
  return std::string(entry_prefix) + std::string(entry_id);
}

std::string_view entry_id_of_payload(std::string_view payload) {
  return payload.starts_with(entry_prefix) ? payload.substr(entry_prefix.size())
                                           : std::string_view{};
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
