// File: responder.hpp
//
// The conversation decision: safety route first, then answer / clarify / fall back / hand over.
// A pure function of the message, the knowledge snapshot and the date: no I/O, no state.
//
// Example:
//   bot::message question;
//   question.text = "セミナー 申込";
//   bot::decision d = bot::decide(*snapshot, "osaka-pref", question, {});
//   d.chosen == bot::route::answer; d.entry_id == "osaka-boost-seminar";
#pragma once

#include "madoguchi/bot/decision.hpp"
#include "madoguchi/knowledge/index.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::bot {

// One inbound message, platform-neutral.
struct message {
  std::string text;             // what the person typed (may be empty for a tapped button)
  std::string payload;          // the payload of a tapped quick reply or button, if any
  bool has_attachment = false;  // an image, sticker, audio … that the bot cannot read
  // Where it was written: "messenger", "instagram", "line", or empty (ask, eval). Replies name
  // the conversation in the platform's own word (LINE's トーク is not Messenger's).
  std::string platform;
};

struct responder_options {
  // Confidence is calibrated (knowledge/src/confidence.cpp). At 0.70, about 2 answers in 100 are
  // wrong on the default knowledge base's development and hold-out sets, 14 in 100 on a city's
  // FAQ list full of near-duplicate entries; below 0.20 the best entry is rarely right.
  double answer_confidence = 0.70;   // at or above: answer with the best entry
  double clarify_confidence = 0.20;  // at or above (and below answer): offer the top entries
  std::size_t clarify_choices = 3;   // quick replies offered when clarifying
  std::size_t candidates = 5;        // candidates reported in the decision
  // The date in the municipality (validity windows, past events); unset: today in Japan.
  std::optional<std::chrono::year_month_day> today;
};

// The date in Japan (UTC+9, no daylight saving time) at `instant`, and today's.
std::chrono::year_month_day date_in_japan(std::chrono::sys_seconds instant);
std::chrono::year_month_day today_in_japan();

// The reply that answers with entry `e` on `today` (what decide sends for a confident match, and
// what the staff page previews).
reply reply_for(const knowledge::entry& e, std::chrono::year_month_day today);

decision decide(const knowledge::index& kb, std::string_view tenant, const message& in,
                const responder_options& options);

}  // namespace madoguchi::bot
