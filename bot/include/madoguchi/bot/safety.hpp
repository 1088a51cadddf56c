// File: safety.hpp
//
// Detection of messages that signal self-harm, suicide, abuse or violence. It runs before any
// matching, so a person in danger always gets hotlines first, whatever the knowledge base holds.
//
// The signals are data (bot/data/safety_signals.toml, compiled in, so detection works with the
// database down), read on the analysed message: MeCab's words and readings with kana folded and
// the spaces between Japanese words dropped, so 殴られた, なぐられた and ナグラレタ are one event,
// plus English and romaji words. A signal is a combination of what is said (a wish, a plan, a
// means, being hit …) with who is named and in what context.
//
// Example:
//   const bot::safety_assessment a = bot::assess_safety(analyzer, nlp::normalize("ぱぱが まいにち
//   なぐる")); a.level == bot::safety_level::crisis; a.topic == bot::safety_topic::child_abuse;
#pragma once

#include "madoguchi/nlp/analyzer.hpp"

#include <string_view>
#include <vector>

namespace madoguchi::bot {

enum class safety_level {
  none,
  concern,  // a sensitive topic with nobody in danger: the normal answer plus one consultation line
  crisis,   // a person in danger now, or someone reporting one: the hotline template
};

// Which consultation lines fit.
enum class safety_topic { self_harm, child_abuse, partner_violence, elder_abuse, sexual_harm };

struct safety_assessment {
  safety_level level = safety_level::none;
  safety_topic topic = safety_topic::self_harm;
  std::string_view signal;  // the name of the deciding signal in the data; empty for none
  // Words of harm were read and explained away (an idiom, a pet, criticism online, an accident):
  // the ranking's guess at a crisis entry is not to be trusted for this message.
  bool explained_away = false;
  // A concern raised by the learned model rather than a rule: someone may be in danger. The bot
  // asks kindly (choices with the crisis entry first) instead of answering with an entry.
  bool uncertain = false;
  bool learned = false;  // the learned model, not a rule, decided the level
};

// Compiles the signals and trains the learned model (about 0.2 s), so that the first message is
// not the one to wait. Throws std::logic_error when the embedded data is malformed (a build
// defect). assess_safety does it on first use otherwise.
void prepare_safety(const nlp::analyzer& analyzer);

// Assesses already-normalised text (nlp::normalize). Idioms (死ぬほど楽しみ) are nothing; talk
// about a topic (統計, ドラマ, 予防の講座) is a concern unless the writer speaks of themself.
safety_assessment assess_safety(const nlp::analyzer& analyzer, std::string_view normalized);

// The same, with MeCab's tokens of `normalized` already at hand (the ranking reads them too).
safety_assessment assess_safety(const nlp::analyzer& analyzer, std::string_view normalized,
                                const std::vector<nlp::token>& tokens);

// The one-line consultation note for `topic` (a concern's addition, and what a crisis template
// gains for the topics it does not cover). Every number in it is in knowledge/data/hotlines.toml.
std::string_view consultation_line(safety_topic topic);

// "self_harm", "child_abuse", "partner_violence", "elder_abuse" or "sexual_harm".
std::string_view to_string(safety_topic topic);

}  // namespace madoguchi::bot
