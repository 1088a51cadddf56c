#include "safety_text.hpp"

#include "madoguchi/nlp/normalize.hpp"

namespace madoguchi::bot::safety_internal {
namespace {

// Inflecting words: a term may end inside them (けられ in 蹴られる's られる), not inside others
// (しにたい must not end inside に対して).
bool inflects(const nlp::token& t) {
  return t.part_of_speech == "動詞" || t.part_of_speech == "助動詞" || t.part_of_speech == "形容詞";
}

void append_word(projection& p, std::string_view folded, bool inflecting, std::uint16_t word) {
  const std::size_t begin = p.text.size();
  p.text += folded;
  p.word_start.resize(p.text.size() + 1, 0);
  p.may_end.resize(p.text.size() + 1, 0);
  p.word_start[begin] = 1;
  p.may_end[p.text.size()] = projection::word_end;
  p.word_at.resize(p.text.size(), word);
  if (inflecting) {
    for (std::size_t at = begin + 1; at < p.text.size(); ++at) {
      p.may_end[at] = projection::inside_inflection;
    }
  }
}

bool is_latin_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
}

}  // namespace

std::string latin_words(std::string_view normalized) {
  std::string words = " ";
  for (std::size_t at = 0; at < normalized.size(); ++at) {
    char c = normalized[at];
    if (normalized.substr(at).starts_with("\xE2\x80\x99")) {  // ’ as typed on phones
      c = '\'';
      at += 2;
    }
    if (is_latin_word_byte(c)) {
      words.push_back(c);
    } else if (words.back() != ' ') {
      words.push_back(' ');
    }
  }
  if (words.back() != ' ') {
    words.push_back(' ');
  }
  return words;
}

analysed_message analyse(std::string_view normalized, const std::vector<nlp::token>& tokens) {
  analysed_message m;
  // A reading is at most three kana of three bytes for a kanji of three bytes: grown once.
  const std::size_t room = normalized.size() * 3 + 1;
  for (projection* p : {&m.written, &m.reading}) {
    p->text.reserve(room);
    p->word_start.reserve(room);
    p->may_end.reserve(room);
    p->word_at.reserve(room);
    p->word_start.assign(1, 0);
    p->may_end.assign(1, 0);
  }
  std::uint16_t word = 0;
  for (const nlp::token& t : tokens) {
    const std::string surface = nlp::fold_kana(t.surface);
    append_word(m.written, surface, inflects(t), word);
    append_word(m.reading, t.reading.empty() ? surface : nlp::fold_kana(t.reading), inflects(t),
                word);
    ++word;
  }
  m.latin = latin_words(normalized);
  return m;
}

std::string fold_term(std::string_view term) {
  const std::string folded = nlp::fold_kana(nlp::normalize(term));
  if (is_latin(folded)) {
    return folded;
  }
  std::string joined;
  for (const char c : folded) {
    if (c != ' ') {
      joined.push_back(c);
    }
  }
  return joined;
}

bool is_latin(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

bool is_kana(std::string_view text) {
  for (const std::string_view c : nlp::characters_of(text)) {
    // Hiragana U+3041…U+309F is E3 81 81 … E3 82 9F; ー is E3 83 BC.
    const bool hiragana = c.size() == 3 && c[0] == '\xE3' &&
                          ((c[1] == '\x81' && static_cast<unsigned char>(c[2]) >= 0x81) ||
                           (c[1] == '\x82' && static_cast<unsigned char>(c[2]) <= 0x9F));
    if (!hiragana && c != "\xE3\x83\xBC") {
      return false;
    }
  }
  return !text.empty();
}

}  // namespace madoguchi::bot::safety_internal
