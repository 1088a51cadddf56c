// Independent text measures for the renderer limit tests.
#include "render_checks.hpp"

#include "madoguchi/nlp/normalize.hpp"

namespace madoguchi::webhook {

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

std::size_t utf16_units(std::string_view text) {
  std::size_t astral = 0;
  for (const char c : text) {
    astral += static_cast<unsigned char>(c) >= 0xF0 ? 1 : 0;
  }
  return code_points(text) + astral;
}

bool is_valid_utf8(std::string_view text) {
  return nlp::sanitize_utf8(text) == text;
}

std::vector<std::string> web_urls(const std::vector<bot::link_button>& links) {
  std::vector<std::string> urls;
  for (const bot::link_button& link : links) {
    if (link.url.starts_with("https://") || link.url.starts_with("http://")) {
      urls.push_back(link.url);
    }
  }
  return urls;
}

}  // namespace madoguchi::webhook
