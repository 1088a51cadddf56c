// The seminar calendar: 「次の講座はいつ？」「今月のイベントは？」「締切はいつ？」 are answered
// from the dates of the tenant's entries (event_start, event_end, apply_until), nearest first,
// rather than with whichever seminar the ranking happens to put first.
#pragma once

#include "madoguchi/bot/decision.hpp"
#include "madoguchi/knowledge/index.hpp"
#include "madoguchi/nlp/analyzer.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace madoguchi::bot {

enum class calendar_question : std::uint8_t { none, upcoming, this_month, next_month, deadlines };

struct calendar_ask {
  calendar_question kind = calendar_question::none;
  // Nothing but the calendar is named (「次の講座はいつ？」): the calendar answers at once.
  // Otherwise (「SNSセミナーの締切は？」) the ranking answers the entry it names, and the calendar
  // only what the ranking cannot.
  bool only_the_calendar = false;
  // It names events (講座, セミナー …), not only a deadline: 「保育園の申込みの締め切り」 is no
  // question about the tenant's seminars.
  bool names_events = false;
};

// What a message asks of the calendar: a cue (次の, 今度の, 今後, 今月, 来月, 締切 …) about events
// (講座, セミナー, イベント …; a deadline cue needs none). `normalized` is nlp::normalize's output
// and `question` its analysis by `analyzer`.
calendar_ask calendar_question_of(std::string_view normalized, const nlp::analysis& question,
                                  const nlp::analyzer& analyzer);

// The tenant's events as of `today` for `asked`, nearest first, as cards with their dates,
// deadline and links; when none is ahead, the last one held. nullopt when the tenant has no
// event at all (its knowledge base is no calendar: the ranking answers).
std::optional<decision> calendar_reply(const knowledge::index& kb, std::string_view tenant,
                                       calendar_question asked, std::chrono::year_month_day today);

}  // namespace madoguchi::bot
