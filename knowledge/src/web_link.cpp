// The one rule for links in entries, shared by the staff API and CSV import: the admin preview
// renders them as <a href>, so anything but a web address (javascript:, data:, vbscript:, a
// relative path) would be script or a broken link on the staff page and in the chat apps.
#include "madoguchi/knowledge/entry.hpp"

#include <algorithm>

namespace madoguchi::knowledge {
namespace {

// Scheme names are case-insensitive (RFC 3986 §3.1).
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char p, char c) {
           return p == (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
         });
}

}  // namespace

bool is_web_link(std::string_view url) {
  std::string_view rest;
  if (starts_with_ignoring_case(url, "https://")) {
    rest = url.substr(8);
  } else if (starts_with_ignoring_case(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  // A host must follow; spaces, control characters and backslashes are read differently by
  // browsers and servers (WHATWG URL strips some), so none may appear anywhere.
  const bool has_host = !rest.empty() && rest.front() != '/' && rest.front() != '?' &&
                        rest.front() != '#' && rest.front() != '@';
  return has_host && std::none_of(url.begin(), url.end(), [](char c) {
           const auto byte = static_cast<unsigned char>(c);
           return byte <= 0x20 || byte == 0x7f || c == '\\';
         });
}

}  // namespace madoguchi::knowledge
