// File: vocabulary.hpp
//
// The matching vocabulary kept as data (nlp/data/, embedded at build time): synonym groups, so
// that 「講習会」 finds an entry that says 「セミナー」 and 「IG」 one that says 「インスタ」, and
// stop words, so that 「ほんま？教えて」 adds nothing to a question's topic.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace madoguchi::nlp {

// The key a word is compared by: katakana folded to hiragana and a trailing long-vowel mark
// dropped (コンピューター and コンピュータ meet). `word` must already be normalised.
std::string matching_key(std::string_view word);

class vocabulary {
 public:
  // Parses the two data files (formats in their headers). Throws std::invalid_argument naming
  // the line when a word is in two groups or a line is malformed.
  static vocabulary parse(std::string_view synonyms, std::string_view stop_words);

  // The embedded default. Throws only if the embedded data is malformed (a build defect that the
  // unit tests catch).
  static const vocabulary& embedded();

  // The key of the group `key` belongs to (its first word's key), or `key` itself.
  std::string_view canonical(std::string_view key) const;

  // True when `key` is in a synonym group.
  bool has_synonyms(std::string_view key) const;

  bool is_stop_word(std::string_view key) const;

 private:
  std::unordered_map<std::string, std::string> group_of_;
  std::unordered_set<std::string> stop_words_;
};

}  // namespace madoguchi::nlp
