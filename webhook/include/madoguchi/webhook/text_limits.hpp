// File: text_limits.hpp
//
// Fitting text into a platform's length limits without splitting a UTF-8 sequence. The platforms
// measure differently: Messenger counts characters (code points), Instagram counts the UTF-8 bytes
// of a message's text, and LINE counts the UTF-16 code units of a text message and of altText.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// How a limit measures text.
enum class text_unit {
  characters,   // code points
  utf8_bytes,   // the bytes sent
  utf16_units,  // a character outside the BMP (most emoji) counts twice
};

// Number of code points in valid UTF-8 text.
std::size_t count_characters(std::string_view text);

// Length of valid UTF-8 text in `unit`.
std::size_t text_length(std::string_view text, text_unit unit);

// `text` if its length is at most `limit`; otherwise its first characters followed by "…",
// at most `limit` in all (exactly `limit` when counting characters). Empty when `limit` leaves no
// room for the "…".
std::string shorten(std::string_view text, std::size_t limit,
                    text_unit unit = text_unit::characters);

// Splits `text` into pieces of length at most `limit` each, preferring to break after a newline
// or 。 in the second half of a piece. Returns no pieces for empty text. A single character longer
// than `limit` (only possible for a limit under 4 bytes or 2 UTF-16 units) is a piece of its own.
std::vector<std::string> split_text(std::string_view text, std::size_t limit,
                                    text_unit unit = text_unit::characters);

}  // namespace madoguchi::webhook
