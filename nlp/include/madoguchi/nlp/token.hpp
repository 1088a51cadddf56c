// File: token.hpp
//
// A morpheme as the analyzer reports it, and the filter that turns morphemes into the words and
// compounds that matching compares. Plain data and pure functions, testable without a
// dictionary.
#pragma once

#include "madoguchi/nlp/vocabulary.hpp"

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

// A content word as matching sees it.
struct word {
  std::string key;      // matching_key() of the base form, mapped to its synonym group
  std::string reading;  // hiragana reading; the folded surface when the dictionary has none
  bool known = true;    // false for words the dictionary does not contain
  // How much the word says about the topic: 1 for nouns and unknown words, less for verbs,
  // adjectives and adverbs (出す in 粗大ごみの出し方 says little about what is asked).
  double weight = 1;
  std::string written;  // the base form as written (セミナー, not せみな): for people to read
  bool operator==(const word&) const = default;
};

struct analysis {
  std::vector<word> words;             // content words, in order
  std::vector<std::string> compounds;  // runs of two or more nouns joined (情報 + 発信 + 支援)
};

// The words of a token sequence: base forms of content words (nouns, numbers, verbs, adjectives,
// adverbs, unknown words), dropping particles, auxiliaries, symbols, dependent words (非自立),
// suffixes the vocabulary does not know (接尾: 市, さん) and stop words; plus the compound nouns.
analysis analyze_tokens(const std::vector<token>& tokens, const vocabulary& v);

// The runs of nouns of a token sequence as written (粗大ごみ, 国民健康保険, 住民票), one noun or
// more, in order, without prefixes and proper nouns: what a title is about, in words a person
// can read back.
std::vector<std::string> noun_phrases(const std::vector<token>& tokens);

}  // namespace madoguchi::nlp
