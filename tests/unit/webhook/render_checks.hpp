// Measures for the renderer limit tests, counted here rather than with text_limits so that a bug
// there cannot hide a limit violation.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

std::size_t code_points(std::string_view text);

// A code point above U+FFFF (a four-byte sequence) is a surrogate pair: two units.
std::size_t utf16_units(std::string_view text);

// Whether `text` is valid UTF-8: sanitize_utf8 leaves it unchanged.
bool is_valid_utf8(std::string_view text);

// The http(s) URLs among `links`: each must reach the person, as a button or in the text.
std::vector<std::string> web_urls(const std::vector<bot::link_button>& links);

}  // namespace madoguchi::webhook
