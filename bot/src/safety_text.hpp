// The analysed forms of a message that safety terms are looked for in: the written text and the
// reading, kana folded and without spaces between words, with where MeCab's words start and where
// a term may end; and the latin words. See bot/data/safety_signals.toml for the rules.
#pragma once

#include "madoguchi/nlp/token.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::bot::safety_internal {

// One projection of the message: `text`, and per byte offset (size text.size() + 1) whether a
// word starts there and whether a term may end there.
struct projection {
  std::string text;
  std::vector<std::uint8_t> word_start;  // bytes, not vector<bool>: grown word by word
  // Per byte offset: word_end where a word ends, inside_inflection inside a verb, an auxiliary or
  // an adjective (a signal's term may end there: けられ in 蹴られる), else 0.
  std::vector<std::uint8_t> may_end;
  static constexpr std::uint8_t word_end = 1, inside_inflection = 2;
  std::vector<std::uint16_t> word_at;  // per byte: the index of MeCab's word it belongs to
};

struct analysed_message {
  projection written;  // folded surfaces of MeCab's words
  projection reading;  // folded readings (the surface where the dictionary has none)
  std::string latin;   // " word word … " : latin letters, digits and apostrophes, space-delimited
};

// `normalized` is nlp::normalize's output; `tokens` are MeCab's words of it.
analysed_message analyse(std::string_view normalized, const std::vector<nlp::token>& tokens);

// The latin words of `normalized`: " word word … " (letters, digits and apostrophes).
std::string latin_words(std::string_view normalized);

// A term as the tables hold it: normalised, kana folded, spaces between Japanese words removed;
// latin terms lower-case with single spaces.
std::string fold_term(std::string_view term);

// True when every byte of `text` is ASCII.
bool is_latin(std::string_view text);

// True when `text` is only hiragana (and ー): a term that is looked for in the reading too.
bool is_kana(std::string_view text);

}  // namespace madoguchi::bot::safety_internal
