#include "lexicon.hpp"

#include "madoguchi/nlp/normalize.hpp"

namespace madoguchi::bot {
namespace {

bool starts_within(std::string_view after, std::span<const std::string_view> words,
                   std::size_t max_gap) {
  const auto characters = nlp::characters_of(after);
  std::size_t offset = 0;
  for (std::size_t gap = 0; gap <= max_gap && gap < characters.size(); ++gap) {
    for (const std::string_view word : words) {
      if (after.substr(offset).starts_with(word)) {
        return true;
      }
    }
    offset += characters[gap].size();
  }
  return false;
}

}  // namespace

bool word_followed_by(std::string_view text, std::span<const std::string_view> first,
                      std::span<const std::string_view> then, std::size_t max_gap) {
  for (const std::string_view word : first) {
    for (std::size_t at = text.find(word); at != std::string_view::npos;
         at = text.find(word, at + word.size())) {
      if (starts_within(text.substr(at + word.size()), then, max_gap)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace madoguchi::bot
