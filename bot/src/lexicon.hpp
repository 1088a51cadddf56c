// Lexicon matching shared by the request detectors (hand-over, data deletion): a word of one
// list followed closely by a word of another, in text as nlp::normalize and nlp::fold_kana
// leave it.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace madoguchi::bot {

// True when some word of `first` occurs in `text` with a word of `then` starting at most
// `max_gap` characters after it (「担当者さんに連絡」: 担当者, gap 2, 連絡).
bool word_followed_by(std::string_view text, std::span<const std::string_view> first,
                      std::span<const std::string_view> then, std::size_t max_gap);

}  // namespace madoguchi::bot
