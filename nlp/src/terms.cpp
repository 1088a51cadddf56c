// Part-of-speech filtering: morphemes -> search terms.
#include "madoguchi/nlp/analyzer.hpp"
#include "madoguchi/nlp/token.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace madoguchi::nlp {
namespace {

// Verbs and nouns that occur in nearly every question and carry no topic.
constexpr std::array<std::string_view, 16> uninformative = {
    "する", "ある", "いる", "なる", "れる", "られる", "できる", "こと",
    "もの", "よう", "の",   "ん",   "さん", "くれる", "もらう", "思う"};

// True when `text` has a letter or a digit: symbols and punctuation are never terms.
bool has_word_character(std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t code_point = 0;
    const auto consumed = utf8proc_iterate(bytes, remaining, &code_point);
    if (consumed <= 0) {
      return false;
    }
    switch (utf8proc_category(code_point)) {
      case UTF8PROC_CATEGORY_LU:
      case UTF8PROC_CATEGORY_LL:
      case UTF8PROC_CATEGORY_LT:
      case UTF8PROC_CATEGORY_LM:
      case UTF8PROC_CATEGORY_LO:
      case UTF8PROC_CATEGORY_ND:
      case UTF8PROC_CATEGORY_NL:
      case UTF8PROC_CATEGORY_NO: return true;
      default: break;
    }
    bytes += consumed;
    remaining -= consumed;
  }
  return false;
}

bool is_content(const token& t) {
  if (!has_word_character(t.surface)) {
    return false;
  }
  if (!t.known) {
    return true;
  }
  if (t.part_of_speech == "名詞") {
    return t.subclass != "非自立" && t.subclass != "代名詞" && t.subclass != "接尾" &&
           t.subclass != "特殊";
  }
  if (t.part_of_speech == "動詞" || t.part_of_speech == "形容詞") {
    return t.subclass == "自立";
  }
  return t.part_of_speech == "副詞" || t.part_of_speech == "接頭詞";
}

}  // namespace

std::vector<std::string> content_terms(const std::vector<token>& tokens) {
  std::vector<std::string> terms;
  for (const token& t : tokens) {
    if (!is_content(t)) {
      continue;
    }
    const std::string& term = t.base_form.empty() ? t.surface : t.base_form;
    if (std::find(uninformative.begin(), uninformative.end(), term) != uninformative.end()) {
      continue;
    }
    terms.push_back(term);
  }
  return terms;
}

std::vector<std::string> analyzer::terms(std::string_view normalized) const {
  return content_terms(tokenize(normalized));
}

}  // namespace madoguchi::nlp
