// Part-of-speech filtering, synonyms and compounds: morphemes -> words.
#include "madoguchi/nlp/normalize.hpp"
#include "madoguchi/nlp/token.hpp"

#include <utf8proc.h>

#include <string_view>

namespace madoguchi::nlp {
namespace {

// True when `text` has a letter or a digit: symbols and punctuation are never words.
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

// A noun that can be part of a compound: not a pronoun, not dependent (の, こと), not special.
bool is_compound_part(const token& t) {
  if (!has_word_character(t.surface)) {
    return false;
  }
  if (!t.known) {
    return true;
  }
  if (t.part_of_speech == "名詞") {
    return t.subclass != "非自立" && t.subclass != "代名詞" && t.subclass != "特殊";
  }
  return t.part_of_speech == "接頭詞";
}

bool is_content(const token& t, std::string_view key, const vocabulary& v) {
  if (!has_word_character(t.surface) || v.is_stop_word(key)) {
    return false;
  }
  if (!t.known) {
    return true;
  }
  if (t.part_of_speech == "名詞") {
    if (t.subclass == "接尾") {
      return v.has_synonyms(key);  // 歳 (of 何歳) matters; 市 and さん do not
    }
    return t.subclass != "非自立" && t.subclass != "代名詞" && t.subclass != "特殊";
  }
  if (t.part_of_speech == "動詞" || t.part_of_speech == "形容詞") {
    return t.subclass == "自立";
  }
  return t.part_of_speech == "副詞";
}

constexpr double predicate_weight = 0.5;
constexpr double fragment_weight = 0.2;

// True for a short run of hiragana the dictionary does not know: almost always a typo or a
// dialect ending (くだい, やで), not the topic of the message.
bool is_kana_fragment(const token& t) {
  std::size_t characters = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(t.surface.data());
  auto remaining = static_cast<utf8proc_ssize_t>(t.surface.size());
  while (remaining > 0) {
    utf8proc_int32_t c = 0;
    const auto consumed = utf8proc_iterate(bytes, remaining, &c);
    if (consumed <= 0 || c < 0x3041 || c > 0x309F) {
      return false;
    }
    bytes += consumed;
    remaining -= consumed;
    ++characters;
  }
  return characters <= 3;
}

bool starts_with_kanji(std::string_view text) {
  utf8proc_int32_t c = 0;
  const auto consumed = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                         static_cast<utf8proc_ssize_t>(text.size()), &c);
  return consumed > 0 && ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF));
}

double topic_weight(const token& t) {
  if (!t.known) {
    return is_kana_fragment(t) ? fragment_weight : 1.0;
  }
  return t.part_of_speech == "名詞" ? 1.0 : predicate_weight;
}

std::string reading_of(const token& t) {
  return matching_key(t.reading.empty() ? t.surface : t.reading);
}

}  // namespace

analysis analyze_tokens(const std::vector<token>& tokens, const vocabulary& v) {
  analysis result;
  std::string compound;
  std::size_t compound_parts = 0;
  const auto end_compound = [&] {
    if (compound_parts >= 2) {
      const std::string key = matching_key(compound);
      result.compounds.emplace_back(v.canonical(key));
    }
    compound.clear();
    compound_parts = 0;
  };
  for (const token& t : tokens) {
    const std::string key = matching_key(t.base_form.empty() ? t.surface : t.base_form);
    if (is_compound_part(t)) {
      compound += fold_kana(t.surface);
      ++compound_parts;
    } else {
      end_compound();
    }
    if (is_content(t, key, v)) {
      result.words.push_back({std::string(v.canonical(key)), reading_of(t), t.known,
                              topic_weight(t), t.base_form.empty() ? t.surface : t.base_form});
    }
  }
  end_compound();
  return result;
}

std::vector<std::string> noun_phrases(const std::vector<token>& tokens) {
  std::vector<std::string> phrases;
  std::string phrase;
  for (const token& t : tokens) {
    // Not a prefix (ご利用) nor a proper noun: 尼崎市 is where every question is asked, not a
    // topic.
    if (is_compound_part(t) && t.part_of_speech != "接頭詞" && t.subclass != "固有名詞") {
      phrase += t.surface;
    } else if (!phrase.empty()) {
      // A run cut before a kanji is part of a word the dictionary split (特定健 + 診).
      if (!starts_with_kanji(t.surface)) {
        phrases.push_back(phrase);
      }
      phrase.clear();
    }
  }
  if (!phrase.empty()) {
    phrases.push_back(std::move(phrase));
  }
  return phrases;
}

}  // namespace madoguchi::nlp
