#include "madoguchi/bot/edited_message.hpp"

#include <algorithm>

namespace madoguchi::bot {

bool answers_edit(const session& s, std::string_view edited_id) {
  return std::find(s.answered.begin(), s.answered.end(), edited_id) == s.answered.end();
}

void remember_answered(session& s, std::string_view id, std::string_view decision) {
  if (id.empty() || decision == "fallback" || decision == "none" || decision == "rate_limited" ||
      !answers_edit(s, id)) {
    return;
  }
  s.answered.emplace_back(id);
  if (s.answered.size() > answered_messages_kept) {
    s.answered.erase(s.answered.begin());
  }
}

}  // namespace madoguchi::bot
