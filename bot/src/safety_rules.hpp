// The safety signals of bot/data/safety_signals.toml, compiled into lookup tables.
#pragma once

#include "madoguchi/bot/safety.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace madoguchi::bot::safety_internal {

enum class term_role : std::uint8_t { idiom, concept_word, signal };

struct term {
  std::string text;  // fold_term() of the data's spelling
  term_role role = term_role::signal;
  std::uint16_t owner = 0;  // the concept's or signal's index
  bool latin = false;       // matches latin words
  bool prefix = false;      // latin: the last word may continue (suicid*)
  bool kana = false;        // also looked for in the reading
  bool anywhere = false;    // in the written text: may start and end inside a word
  // The first eight bytes (fewer for a shorter term) and their mask, so that most candidates at
  // a position are turned away by one comparison (head_at).
  std::uint64_t head = 0, head_mask = 0;
};

// Up to eight bytes of `text` from `at`, zero-padded: compared with a term's head.
std::uint64_t head_at(std::string_view text, std::size_t at);

struct signal_rule {
  std::string name;
  safety_topic topic = safety_topic::self_harm;
  safety_level level = safety_level::crisis;
  std::vector<std::uint16_t> with, also_with, ignore_with, concern_with, keep_with;  // concepts
  // Contexts that make a crisis a concern whoever is named (a laugh: 「I want to die lol」), unless
  // one of softened_unless is named too (「笑じゃなくてマジで」).
  std::vector<std::uint16_t> softened_by, softened_unless;
  // A verb (its base form, kana folded) followed within two words by one of these (受け身
  // れる/られる): 殴られた, ふまれた, 刺されて … in every conjugation.
  std::vector<std::string> verbs, followed_by;
};

struct rules {
  std::vector<term> terms;
  std::vector<std::string> concepts;
  std::vector<signal_rule> signals;
  // Japanese terms by first_character_key(), for the written text and for the reading.
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> written_by_first, reading_by_first;
  std::vector<std::uint32_t> latin_terms;
  std::vector<std::pair<std::uint16_t, safety_topic>> topic_by_who;  // in order
  // A concept, and the concepts one of which must be named too for it to count.
  std::vector<std::pair<std::uint16_t, std::vector<std::uint16_t>>> concept_needs;
  std::vector<std::uint16_t> stories;  // contexts in which the people named are a story's
  // The concept whose words, opening a sentence, begin another part of the message (それと, 別件
  // ですが): a context named in one part does not explain away or soften what another part tells.
  std::uint16_t part_opener = 0;
  // What keeps a crisis in a story: [defaults] keep_with (the writer), not a signal's own (the
  // family of 「漫画で主人公が親に虐待される」).
  std::vector<std::uint16_t> keep_in_story;
  std::array<std::string, 5> lines;  // by safety_topic
  // The learned model's probability of danger at which a message is a crisis, or a concern.
  double model_crisis = 1.0, model_concern = 1.0;
  double model_danger_prior = 0.5;            // the share of messages in danger the model expects
  std::vector<std::uint16_t> model_contexts;  // concepts that make the model need more evidence
  double model_crisis_in_context = 1.0;       // the crisis threshold when one of them is named
  double model_sentence_weight =
      1.0;  // a sentence read alone: its probability of danger times this
};

// The bytes of the first UTF-8 character of `text` packed into one number (0 for empty text).
std::uint32_t first_character_key(std::string_view text);

// Parses the data file. Throws std::invalid_argument naming what is wrong (an unknown concept,
// topic or level, a missing line).
rules parse_rules(std::string_view toml_text);

// The compiled-in rules.
const rules& embedded_rules();

}  // namespace madoguchi::bot::safety_internal
