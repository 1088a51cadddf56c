// File: text_limits.hpp
//
// Fitting text into a platform's character limits without splitting a UTF-8 sequence.
// Platforms count characters (code points), not bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// Number of code points in valid UTF-8 text.
std::size_t count_characters(std::string_view text);

// `text` if it has at most `limit` characters; otherwise its first characters followed by "…",
// `limit` characters in all.
std::string shorten(std::string_view text, std::size_t limit);

// Splits `text` into pieces of at most `limit` characters each, preferring to break after a
// newline or 。 in the second half of a piece. Returns no pieces for empty text.
std::vector<std::string> split_text(std::string_view text, std::size_t limit);

}  // namespace madoguchi::webhook
