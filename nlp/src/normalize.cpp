// Unicode normalisation with utf8proc.
#include "madoguchi/nlp/normalize.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace madoguchi::nlp {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

struct free_deleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

bool is_space(utf8proc_int32_t code_point) {
  if (code_point == '\t' || code_point == '\n' || code_point == '\r' || code_point == 0x0B ||
      code_point == 0x0C) {
    return true;
  }
  if (code_point == 0x85) {  // NEXT LINE, a control character that breaks lines
    return true;
  }
  const auto category = utf8proc_category(code_point);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

void append_code_point(std::string& out, utf8proc_int32_t code_point) {
  utf8proc_uint8_t buffer[4];
  const auto length = utf8proc_encode_char(code_point, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

}  // namespace

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t code_point = 0;
    const auto consumed = utf8proc_iterate(bytes, remaining, &code_point);
    if (consumed < 0) {
      out.append(replacement_character);
      ++bytes;
      --remaining;
      continue;
    }
    out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(consumed));
    bytes += consumed;
    remaining -= consumed;
  }
  return out;
}

std::string normalize(std::string_view text) {
  const std::string valid = sanitize_utf8(text);
  utf8proc_uint8_t* mapped_raw = nullptr;
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  const auto mapped_length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                   static_cast<utf8proc_ssize_t>(valid.size()), &mapped_raw, options);
  if (mapped_length < 0) {
    // Only out-of-memory can fail after sanitising; normalisation then degrades to identity.
    return valid;
  }
  const std::unique_ptr<utf8proc_uint8_t, free_deleter> mapped(mapped_raw);

  std::string out;
  out.reserve(static_cast<std::size_t>(mapped_length));
  bool pending_space = false;
  const utf8proc_uint8_t* cursor = mapped.get();
  utf8proc_ssize_t remaining = mapped_length;
  while (remaining > 0) {
    utf8proc_int32_t code_point = 0;
    const auto consumed = utf8proc_iterate(cursor, remaining, &code_point);
    cursor += consumed;
    remaining -= consumed;
    if (is_space(code_point)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    append_code_point(out, code_point);
  }
  return out;
}

}  // namespace madoguchi::nlp
