// UTF-8 aware length limits.
#include "madoguchi/webhook/text_limits.hpp"

namespace madoguchi::webhook {
namespace {

constexpr std::string_view ellipsis = "…";

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Byte offset just after the first `characters` code points of `text` (or its size).
std::size_t offset_after(std::string_view text, std::size_t characters) {
  std::size_t offset = 0;
  while (offset < text.size() && characters > 0) {
    ++offset;
    while (offset < text.size() && is_continuation(static_cast<unsigned char>(text[offset]))) {
      ++offset;
    }
    --characters;
  }
  return offset;
}

}  // namespace

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    count += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  }
  return count;
}

std::string shorten(std::string_view text, std::size_t limit) {
  if (count_characters(text) <= limit) {
    return std::string(text);
  }
  if (limit == 0) {
    return {};
  }
  return std::string(text.substr(0, offset_after(text, limit - 1))) + std::string(ellipsis);
}

std::vector<std::string> split_text(std::string_view text, std::size_t limit) {
  std::vector<std::string> pieces;
  while (!text.empty() && limit > 0) {
    std::size_t cut = offset_after(text, limit);
    if (cut < text.size()) {
      const std::string_view head = text.substr(0, cut);
      const std::size_t half = offset_after(text, limit / 2);
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
