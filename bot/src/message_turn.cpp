#include "madoguchi/bot/message_turn.hpp"

#include "madoguchi/bot/data_request.hpp"
#include "madoguchi/nlp/normalize.hpp"

namespace madoguchi::bot {

std::string_view to_string(turn_override o) {
  switch (o) {
    case turn_override::rate_limited: return "rate_limited";
    case turn_override::data_request: return "data_request";
    case turn_override::data_forgotten: return "data_forgotten";
    case turn_override::none: break;
  }
  return "none";
}

message_turn take_turn(const knowledge::index& kb, std::string_view tenant, const message& in,
                       const session& before, flood_verdict flood, clock_seconds now,
                       const conversation_options& options) {
  message_turn out;
  out.decided = converse(kb, tenant, in, before, now, options);
  turn& t = out.decided;
  if (t.reply && t.reply->chosen != route::safety) {
    if (flood != flood_verdict::answer) {
      out.override = turn_override::rate_limited;
      if (flood == flood_verdict::warn) {
        t.reply->message = slow_down_reply();
      } else {
        t.reply.reset();
      }
    } else if (const data_request request = data_request_of(in, nlp::normalize(in.text));
               request != data_request::none) {
      out.override = request == data_request::confirmed ? turn_override::data_forgotten
                                                        : turn_override::data_request;
      t.reply->message = data_request_reply(request);
    }
  }
  if (out.override != turn_override::none) {
    t.take_back = false;
    t.hand_over = false;
    t.after = before;
    out.forget_person = out.override == turn_override::data_forgotten;
    out.decision = std::string(to_string(out.override));
  } else if (t.reply) {
    out.decision = std::string(to_string(t.reply->chosen));
    // What the bot could not answer directly: a fallback, or choices offered because it could
    // not tell which entry was meant (staff then add the question to the right one). Not a
    // clarify that offers the consultation line: a person's distress is no inbox item.
    const bool undecided = t.reply->chosen == route::clarify && !t.reply->consultation_line_added;
    if ((t.reply->chosen == route::fallback || undecided) && !in.text.empty()) {
      out.unanswered = nlp::normalize(in.text);
    }
  }
  return out;
}

}  // namespace madoguchi::bot
