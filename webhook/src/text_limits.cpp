// UTF-8 aware length limits.
#include "madoguchi/webhook/text_limits.hpp"

namespace madoguchi::webhook {
namespace {

constexpr std::string_view ellipsis = "…";

bool is_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// Byte offset just after the character that starts at `offset`; a stray continuation byte
// belongs to the character before it.
std::size_t character_end(std::string_view text, std::size_t offset) {
  ++offset;
  while (offset < text.size() && is_continuation(text[offset])) {
    ++offset;
  }
  return offset;
}

std::size_t character_length(std::string_view character, text_unit unit) {
  switch (unit) {
    case text_unit::characters: return 1;
    case text_unit::utf8_bytes: return character.size();
    // A four-byte sequence encodes a code point above U+FFFF: a surrogate pair in UTF-16.
    case text_unit::utf16_units: return character.size() >= 4 ? 2 : 1;
  }
  return 1;
}

// Byte offset just after the longest prefix of whole characters of length at most `limit`.
std::size_t prefix_within(std::string_view text, std::size_t limit, text_unit unit) {
  std::size_t offset = 0;
  std::size_t length = 0;
  while (offset < text.size()) {
    const std::size_t end = character_end(text, offset);
    length += character_length(text.substr(offset, end - offset), unit);
    if (length > limit) {
      break;
    }
    offset = end;
  }
  return offset;
}

}  // namespace

std::size_t count_characters(std::string_view text) {
  return text_length(text, text_unit::characters);
}

std::size_t text_length(std::string_view text, text_unit unit) {
  std::size_t length = 0;
  for (std::size_t offset = 0; offset < text.size();) {
    const std::size_t end = character_end(text, offset);
    length += character_length(text.substr(offset, end - offset), unit);
    offset = end;
  }
  return length;
}

std::string shorten(std::string_view text, std::size_t limit, text_unit unit) {
  if (text_length(text, unit) <= limit) {
    return std::string(text);
  }
  const std::size_t ellipsis_length = text_length(ellipsis, unit);
  if (limit < ellipsis_length) {
    return {};
  }
  return std::string(text.substr(0, prefix_within(text, limit - ellipsis_length, unit))) +
         std::string(ellipsis);
}

std::vector<std::string> split_text(std::string_view text, std::size_t limit, text_unit unit) {
  std::vector<std::string> pieces;
  while (!text.empty() && limit > 0) {
    std::size_t cut = prefix_within(text, limit, unit);
    if (cut == 0) {
      // One character is longer than the limit: it cannot be split, and splitting must go on.
      cut = character_end(text, 0);
    } else if (cut < text.size()) {
      const std::string_view head = text.substr(0, cut);
      const std::size_t half = prefix_within(text, limit / 2, unit);
      for (std::string_view breaker : {std::string_view("\n"), std::string_view("。")}) {
        const std::size_t at = head.rfind(breaker);
        if (at != std::string_view::npos && at >= half) {
          cut = at + breaker.size();
          break;
        }
      }
    }
    pieces.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  return pieces;
}

}  // namespace madoguchi::webhook
