// File: edited_message.hpp
//
// A person who edits a message (Messenger and Instagram send the new text) expects an answer to
// it only when the first version was not answered: it got the fallback, or it was never decided.
// The session keeps the ids of the last messages the bot answered for this.
//
// Example:
//   if (bot::answers_edit(session, edited_id)) { /* decide the new text as a new question */ }
//   bot::remember_answered(after, message_id, decision);  // after each decided message
#pragma once

#include "madoguchi/bot/conversation.hpp"

#include <string_view>

namespace madoguchi::bot {

// The message ids a session remembers as answered; older ones are forgotten (platforms allow
// edits for minutes, not for a whole conversation).
inline constexpr std::size_t answered_messages_kept = 8;

// Whether an edit of the message `edited_id` is answered: not when that message was answered.
bool answers_edit(const session& s, std::string_view edited_id);

// Records that message `id` was decided as `decision` ("answer", "clarify", "fallback", …): all
// but a fallback, a flood told to wait ("rate_limited") and "none" (nothing was sent) count as
// answered.
void remember_answered(session& s, std::string_view id, std::string_view decision);

}  // namespace madoguchi::bot
