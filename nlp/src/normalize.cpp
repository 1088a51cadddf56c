// Unicode normalisation with utf8proc, then the folding rules of normalize.hpp over code points.
#include "madoguchi/nlp/normalize.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace madoguchi::nlp {
namespace {

using code_points = std::vector<utf8proc_int32_t>;

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";
constexpr utf8proc_int32_t space = ' ';
constexpr utf8proc_int32_t laughter = 0x7B11;         // 笑
constexpr utf8proc_int32_t long_vowel_mark = 0x30FC;  // ー

struct free_deleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

bool is_space(utf8proc_int32_t c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85) {
    return true;  // 0x85 NEXT LINE is a control character that breaks lines
  }
  const auto category = utf8proc_category(c);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

// Emoji, dingbats, skin-tone modifiers, keycap and other enclosing marks, private-use glyphs:
// decoration that separates words but carries none.
bool is_decoration(utf8proc_int32_t c) {
  if (c == 0xFFFD) {
    return false;  // the replacement character marks bytes that were not text: kept visible
  }
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CS: return true;
    default: return false;
  }
}

bool is_kana(utf8proc_int32_t c) {
  return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF);
}

bool is_ascii_letter(utf8proc_int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(utf8proc_int32_t c) {
  return c >= '0' && c <= '9';
}

code_points decode(const utf8proc_uint8_t* bytes, utf8proc_ssize_t length) {
  code_points out;
  out.reserve(static_cast<std::size_t>(length));
  while (length > 0) {
    utf8proc_int32_t c = 0;
    const auto consumed = utf8proc_iterate(bytes, length, &c);
    bytes += consumed;
    length -= consumed;
    out.push_back(c);
  }
  return out;
}

// White space and decoration to spaces; wave dashes after kana to ー; runs of ー to one and runs
// of three or more of any other character (ASCII letters and digits excepted) to one.
code_points fold_elongation(const code_points& in) {
  code_points out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const utf8proc_int32_t c = in[i];
    std::size_t end = i + 1;
    while (end < in.size() && in[end] == c) {
      ++end;
    }
    const std::size_t run = end - i;
    i = end;
    if (is_space(c) || is_decoration(c)) {
      out.push_back(space);
    } else if (c == long_vowel_mark || c == 0x301C || c == '~') {  // ー, 〜, and ～ after NFKC
      const bool after_kana = !out.empty() && is_kana(out.back());
      if (c == long_vowel_mark || after_kana) {
        if (out.empty() || out.back() != long_vowel_mark) {
          out.push_back(long_vowel_mark);
        }
      } else {
        out.push_back(space);  // a range (9時〜17時) or decoration
      }
    } else {
      const bool word_character = is_digit(c) || is_ascii_letter(c);  // 100000, www.example.jp
      out.insert(out.end(), !word_character && run >= 3 ? 1 : run, c);
    }
  }
  return out;
}

// Reads a run of w that ends Japanese text (かわいいwww, 草ww) as 笑: laughter, not a word, but
// worth keeping (死にたいwww is said laughing). A w that is part of a latin word or a URL
// (www.example.jp) is kept.
code_points read_laughter(const code_points& in) {
  code_points out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    if (in[i] == 'w' && (out.empty() || out.back() > 0x7F)) {
      std::size_t end = i;
      while (end < in.size() && in[end] == 'w') {
        ++end;
      }
      const bool ends_word = end == in.size() || in[end] == space || (in[end] > 0x7F) ||
                             (!is_ascii_letter(in[end]) && !is_digit(in[end]) && in[end] != '.');
      if (ends_word) {
        out.push_back(laughter);
        i = end;
        continue;
      }
    }
    out.push_back(in[i++]);
  }
  return out;
}

int kanji_digit(utf8proc_int32_t c) {
  constexpr char32_t digits[] = U"〇一二三四五六七八九";
  for (int d = 0; d < 10; ++d) {
    if (static_cast<char32_t>(c) == digits[d]) {
      return d;
    }
  }
  return -1;
}

int kanji_multiplier(utf8proc_int32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return 0;
  }
}

// Counters after which a kanji numeral is a number. 分 (十分 "enough"), 時 (一時 "for a while")
// and 番 (一番 "most") are left out: there the kanji is usually a word of its own.
bool is_counter(utf8proc_int32_t c) {
  constexpr char32_t counters[] = U"月日歳才年回人件円階週";
  for (char32_t counter : counters) {
    if (counter != 0 && static_cast<char32_t>(c) == counter) {
      return true;
    }
  }
  return false;
}

// 三月十七日 → 3月17日; 二〇二〇年 → 2020年.
code_points kanji_numerals_to_digits(const code_points& in) {
  code_points out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    std::size_t end = i;
    while (end < in.size() && (kanji_digit(in[end]) >= 0 || kanji_multiplier(in[end]) > 0)) {
      ++end;
    }
    if (end == i || end == in.size() || !is_counter(in[end])) {
      out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(i),
                 in.begin() + static_cast<std::ptrdiff_t>(end == i ? i + 1 : end));
      i = end == i ? i + 1 : end;
      continue;
    }
    long total = 0, current = 0;
    bool previous_was_digit = false;
    for (std::size_t k = i; k < end; ++k) {
      if (const int d = kanji_digit(in[k]); d >= 0) {
        current = previous_was_digit ? current * 10 + d : d;  // 二〇二〇: positional
        previous_was_digit = true;
      } else {
        total += (current == 0 ? 1 : current) * kanji_multiplier(in[k]);
        current = 0;
        previous_was_digit = false;
      }
    }
    for (char digit : std::to_string(total + current)) {
      out.push_back(digit);
    }
    i = end;
  }
  return out;
}

void append_code_point(std::string& out, utf8proc_int32_t code_point) {
  utf8proc_uint8_t buffer[4];
  const auto length = utf8proc_encode_char(code_point, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

// UTF-8 with runs of spaces folded to one and trimmed.
std::string encode(const code_points& in) {
  std::string out;
  out.reserve(in.size() * 3);
  bool pending_space = false;
  for (utf8proc_int32_t c : in) {
    if (c == space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    append_code_point(out, c);
  }
  return out;
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
  return encode(kanji_numerals_to_digits(
      read_laughter(fold_elongation(decode(mapped.get(), mapped_length)))));
}

std::vector<std::string_view> characters_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    while (i + length < text.size() &&
           (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80) {
      ++length;
    }
    out.push_back(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string fold_kana(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t c = 0;
    const auto consumed = utf8proc_iterate(bytes, remaining, &c);
    if (consumed <= 0) {
      out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(remaining));
      break;
    }
    // ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above ぁ … ゖ; ー and the iteration marks stay.
    append_code_point(out, c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c);
    bytes += consumed;
    remaining -= consumed;
  }
  return out;
}

}  // namespace madoguchi::nlp
