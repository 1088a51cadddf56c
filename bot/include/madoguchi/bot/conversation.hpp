// File: conversation.hpp
//
// One turn of a conversation: the decision of responder.hpp plus the short memory of the thread
// (what was offered last, how many fallbacks in a row, whether staff own the thread). Pure: the
// caller loads the session, calls converse(), delivers the turn and stores the session after.
//
// Example:
//   bot::turn t = bot::converse(kb, "osaka-pref", {.text = "セミナー"}, bot::session{}, now, {});
//   // t.reply->chosen == route::clarify; t.after.offered: the payloads of the choices shown
//   t = bot::converse(kb, "osaka-pref", {.text = "2番目"}, t.after, now, {});
//   // t.reply answers with the second choice
#pragma once

#include "madoguchi/bot/responder.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::bot {

using clock_seconds = std::chrono::sys_seconds;

enum class thread_owner { bot, staff };

// Why a thread went to staff.
enum class handover_reason { none, asked, fallbacks, safety };

// "none", "asked", "fallbacks" or "safety".
std::string_view to_string(handover_reason r);

struct session {
  std::vector<std::string> offered;  // payloads of the last choices offered, in the order shown
  // The entry answered last (or picked from choices): what a follow-up such as 「それっていつ？」
  // or 「申し込みは？」 is about. Forgotten with the choices.
  std::string topic;
  int fallbacks = 0;  // fallbacks in a row
  thread_owner owner = thread_owner::bot;
  handover_reason reason = handover_reason::none;
  clock_seconds staff_active{};  // the hand-over, or staff's last message in the thread
  clock_seconds updated{};       // the last turn
  // The platform ids of the last messages answered (edited_message.hpp), oldest first.
  std::vector<std::string> answered;
  bool operator==(const session&) const = default;
};

struct conversation_options {
  responder_options responder;
  // Offered choices, the topic and the fallback count are forgotten after this long without a
  // message.
  std::chrono::minutes memory{30};
  // Fallbacks in a row that hand the thread to staff.
  int fallbacks_before_handover = 2;
  // Staff own a handed-over thread until they release it or stay silent in it this long.
  std::chrono::minutes staff_quiet_period{60};
};

struct turn {
  // What to send; nullopt: stay silent (staff own the thread).
  std::optional<decision> reply;
  bool take_back = false;  // take thread control back before replying (quiet period passed)
  bool hand_over = false;  // pass thread control to staff after replying
  session after;
};

// Decides the reply to `in` in the thread whose session was `before`, at `now`:
// - while staff own the thread and it is not quiet: silent, except a safety-route message, which
//   is answered with the hotlines (taking control back, then handing over again);
// - "2番目", "②", "1つ目" … pick from the choices offered last;
// - a follow-up the message alone does not answer (「それっていつ？」, 「申し込みは？」) is read
//   with the topic: the entry answered last;
// - a request for a person, a safety-route message, or too many fallbacks in a row hand over,
//   and the reply says what happens next.
// Dates (validity windows, the next event) are as of `now` in Japan unless options.responder
// sets `today`: the turn reads no clock of its own.
turn converse(const knowledge::index& kb, std::string_view tenant, const message& in,
              const session& before, clock_seconds now, const conversation_options& options);

// Staff wrote in the thread, or the staff inbox took control: staff own it from `now`.
session on_staff_activity(session s, clock_seconds now);

// Staff released the thread (passed control back): the bot answers again.
session on_staff_release(session s, clock_seconds now);

// The 1-based position named by a short reply such as "2", "２番", "2番目", "二つ目", "③",
// "最初の", or nullopt.
std::optional<std::size_t> ordinal_choice(std::string_view normalized_text);

}  // namespace madoguchi::bot
