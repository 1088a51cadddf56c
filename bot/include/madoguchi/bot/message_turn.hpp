// File: message_turn.hpp
//
// One person's message, decided: the conversation's turn (converse) with the per-person flood
// limit and a request about the person's data applied, and what the pipeline must record about
// it. A pure function of its inputs; the caller brings the session, the flood verdict and the
// time, then stores and delivers what comes out.
//
// Example:
//   const message_turn t = take_turn(kb, "osaka-pref", in, session, verdict, now, options);
//   if (t.forget_person) { /* delete what is stored about the sender */ }
//   deliver(t.decided);  // t.decided.after is the session to store
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/bot/flood_guard.hpp"

#include <string>
#include <string_view>

namespace madoguchi::bot {

// What replaced the conversation's answer.
enum class turn_override {
  none,
  rate_limited,    // over the flood limit: told once to wait, then silent
  data_request,    // 「データを削除して」 and its answers: the confirmation step
  data_forgotten,  // the person confirmed: their data is to be deleted
};

std::string_view to_string(turn_override o);

struct message_turn {
  turn decided;  // the reply (if any), thread control, the session after
  turn_override override = turn_override::none;
  bool forget_person = false;  // delete what is stored about the sender (instead of the session)
  // What to count the turn as: a route ("answer", "clarify", …), an override's name, or "none"
  // (nothing was decided: staff own the thread, or a flood is ignored).
  std::string decision = "none";
  // The question, normalised, when the bot could not answer it (the staff's unanswered inbox);
  // empty otherwise.
  std::string unanswered;
};

// Decides `in` for the person whose session was `before`, at `now`. A safety answer is never
// replaced; a flood is not answered (once, politely, told to wait), and a data request gets its
// confirmation step; neither moves the conversation on.
message_turn take_turn(const knowledge::index& kb, std::string_view tenant, const message& in,
                       const session& before, flood_verdict flood, clock_seconds now,
                       const conversation_options& options);

}  // namespace madoguchi::bot
