// Synonym groups and stop words, parsed from nlp/data/ (embedded).
#include "madoguchi/nlp/vocabulary.hpp"

#include "embedded_stop_words_txt.hpp"
#include "embedded_synonyms_txt.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <stdexcept>
#include <vector>

namespace madoguchi::nlp {
namespace {

constexpr std::string_view long_vowel_mark = "ー";

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return lines;
}

bool is_comment_or_blank(std::string_view line) {
  return normalize(line).empty() || line.starts_with('#');
}

}  // namespace

std::string matching_key(std::string_view word) {
  std::string key = fold_kana(word);
  // Only after at least two other characters: ー alone, or かー, is kept as written.
  if (key.ends_with(long_vowel_mark) && key.size() > 3 * long_vowel_mark.size()) {
    key.resize(key.size() - long_vowel_mark.size());
  }
  return key;
}

vocabulary vocabulary::parse(std::string_view synonyms, std::string_view stop_words) {
  vocabulary v;
  std::size_t number = 0;
  for (std::string_view line : lines_of(synonyms)) {
    ++number;
    if (is_comment_or_blank(line)) {
      continue;
    }
    std::string group;
    std::string_view rest = line;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string key = matching_key(normalize(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (key.empty()) {
        throw std::invalid_argument("synonyms line " + std::to_string(number) +
                                    ": an empty word (two commas in a row?)");
      }
      if (group.empty()) {
        group = key;
      }
      const auto [at, added] = v.group_of_.emplace(key, group);
      if (!added && at->second != group) {
        throw std::invalid_argument("synonyms line " + std::to_string(number) + ": '" + key +
                                    "' is already in the group of '" + at->second +
                                    "'; a word can be in one group only");
      }
    }
  }
  for (std::string_view line : lines_of(stop_words)) {
    if (!is_comment_or_blank(line)) {
      v.stop_words_.insert(matching_key(normalize(line)));
    }
  }
  return v;
}

const vocabulary& vocabulary::embedded() {
  static const vocabulary instance = parse(embedded::synonyms_txt(), embedded::stop_words_txt());
  return instance;
}

std::string_view vocabulary::canonical(std::string_view key) const {
  const auto found = group_of_.find(std::string(key));
  return found == group_of_.end() ? key : std::string_view(found->second);
}

bool vocabulary::has_synonyms(std::string_view key) const {
  return group_of_.contains(std::string(key));
}

bool vocabulary::is_stop_word(std::string_view key) const {
  return stop_words_.contains(std::string(key));
}

}  // namespace madoguchi::nlp
