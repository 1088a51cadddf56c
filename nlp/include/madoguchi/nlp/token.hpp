// File: token.hpp
//
// A morpheme as the analyzer reports it, and the filter that turns morphemes into search terms.
// Plain data and pure functions, testable without a dictionary.
#pragma once

#include <string>
#include <vector>

namespace madoguchi::nlp {

struct token {
  std::string surface;    // the text as written (normalised)
  std::string base_form;  // dictionary form (教えて -> 教える); the surface for unknown words
  std::string reading;    // katakana reading; empty when the dictionary has none
  std::string part_of_speech;  // IPA 品詞, e.g. 名詞, 動詞, 助詞
  std::string subclass;        // IPA 品詞細分類1, e.g. 一般, 自立, 非自立, 数
  bool known = true;           // false for words the dictionary does not contain
};

// Search terms of a token sequence: base forms of content words (nouns, verbs, adjectives,
// adverbs, unknown words), dropping particles, auxiliaries, symbols, dependent words
// (非自立, 接尾) and a small list of verbs too common to discriminate (する, ある, いる …).
std::vector<std::string> content_terms(const std::vector<token>& tokens);

}  // namespace madoguchi::nlp
