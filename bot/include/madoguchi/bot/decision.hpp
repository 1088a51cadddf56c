// File: decision.hpp
//
// What the bot decided to do with one message, and why.
#pragma once

#include "madoguchi/bot/reply.hpp"
#include "madoguchi/knowledge/index.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::bot {

enum class route {
  answer,    // confident: reply with one entry
  clarify,   // unsure between a few entries: offer them as quick replies
  fallback,  // nothing fits: say what the account can help with and how to reach staff
  safety,    // self-harm or abuse: hotlines first, flag for staff
  handoff,   // the person asked for a human
};

// "answer", "clarify", "fallback", "safety" or "handoff".
std::string_view to_string(route r);

struct scored_candidate {
  std::string entry_id;
  std::string title;
  double score = 0;
};

struct decision {
  route chosen = route::fallback;
  std::string entry_id;  // the entry replied with; empty for clarify and fallback
  double confidence = 0;
  std::vector<scored_candidate> candidates;  // best first
  reply message;
  bool flag_for_staff = false;  // safety and handoff conversations need a person
  // A sensitive topic without a person in danger (bot/safety.hpp, concern): the reply ends with
  // one consultation line.
  bool consultation_line_added = false;
  // What the safety check heard, when it shaped the reply (the safety route, a consultation
  // line): the deciding signal of bot/data/safety_signals.toml, "learned model", or "ranking".
  std::string safety_signal;
  // The ranking's evidence for its best entry (the confidence's inputs), when it ranked.
  std::optional<knowledge::match_evidence> evidence;
  // The reply lists the tenant's events (「次の講座は？」, 「締切は？」) rather than one entry it
  // was asked about: within a conversation, the topic reads such a message better.
  bool calendar_listing = false;
};

}  // namespace madoguchi::bot
