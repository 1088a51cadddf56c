// File: responder.hpp
//
// The conversation decision: safety route first, then answer / clarify / fall back / hand over.
// A pure function of the message and the knowledge snapshot: no I/O, no clock, no state.
//
// Example:
//   bot::message question;
//   question.text = "セミナー 申込";
//   bot::decision d = bot::decide(*snapshot, "osaka-pref", question, {});
//   d.chosen == bot::route::answer; d.entry_id == "osaka-boost-seminar";
#pragma once

#include "madoguchi/bot/decision.hpp"
#include "madoguchi/knowledge/index.hpp"

#include <string>
#include <string_view>

namespace madoguchi::bot {

// One inbound message, platform-neutral.
struct message {
  std::string text;             // what the person typed (may be empty for a tapped button)
  std::string payload;          // the payload of a tapped quick reply or button, if any
  bool has_attachment = false;  // an image, sticker, audio … that the bot cannot read
};

struct responder_options {
  // Measured on shared/eval/dev.tsv: 0.50 keeps wrong answers rare (honest answers) while
  // answering most in-scope questions; below 0.20 the best entry is usually unrelated.
  double answer_confidence = 0.50;   // at or above: answer with the best entry
  double clarify_confidence = 0.20;  // at or above (and below answer): offer the top entries
  std::size_t clarify_choices = 3;   // quick replies offered when clarifying
  std::size_t candidates = 5;        // candidates reported in the decision
};

decision decide(const knowledge::index& kb, std::string_view tenant, const message& in,
                const responder_options& options);

}  // namespace madoguchi::bot
