#include "small_talk.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <string>
#include <utility>

namespace madoguchi::bot {
namespace {

// Written as normalize() and fold_kana() leave them, without spaces, punctuation or ー; longer
// forms first where one starts another.
constexpr std::pair<std::string_view, small_talk> phrases[] = {
    {"こんにちは", small_talk::greeting},
    {"こんにちわ", small_talk::greeting},
    {"こんばんは", small_talk::greeting},
    {"こんばんわ", small_talk::greeting},
    {"おはようございます", small_talk::greeting},
    {"おはよう", small_talk::greeting},
    {"はじめまして", small_talk::greeting},
    {"初めまして", small_talk::greeting},
    {"よろしくお願いします", small_talk::greeting},
    {"よろしくおねがいします", small_talk::greeting},
    {"宜しくお願いします", small_talk::greeting},
    {"よろしく", small_talk::greeting},
    {"もしもし", small_talk::greeting},
    {"hello", small_talk::greeting},
    {"hi", small_talk::greeting},
    {"hey", small_talk::greeting},
    {"konnichiwa", small_talk::greeting},
    {"konnichiha", small_talk::greeting},
    {"ohayou", small_talk::greeting},
    {"ohayo", small_talk::greeting},
    {"ありがとうございました", small_talk::thanks},
    {"ありがとうございます", small_talk::thanks},
    {"どうもありがとう", small_talk::thanks},
    {"ありがとう", small_talk::thanks},
    {"ありがと", small_talk::thanks},
    {"有難うございました", small_talk::thanks},
    {"有難うございます", small_talk::thanks},
    {"助かりました", small_talk::thanks},
    {"たすかりました", small_talk::thanks},
    {"助かります", small_talk::thanks},
    {"助かった", small_talk::thanks},
    {"おおきに", small_talk::thanks},
    {"さんきゅ", small_talk::thanks},  // ー is not a letter here
    {"どうも", small_talk::thanks},
    {"thankyouverymuch", small_talk::thanks},
    {"thankyou", small_talk::thanks},
    {"thanks", small_talk::thanks},
    {"thx", small_talk::thanks},
    {"arigatougozaimasu", small_talk::thanks},
    {"arigatou", small_talk::thanks},
    {"arigato", small_talk::thanks},
    {"へるぷ", small_talk::help},
    {"help", small_talk::help},
    {"whatcanyoudo", small_talk::help},
    {"whatcanidohere", small_talk::help},
    {"whatcaniask", small_talk::help},
    {"menu", small_talk::help},
    {"めにゅー", small_talk::help},
    {"何ができますか", small_talk::help},
    {"何ができるの", small_talk::help},
    {"なにができるの", small_talk::help},
    {"何が聞けますか", small_talk::help},
};

// Letters, kana and kanji only: punctuation, emoji (already spaces), 〜 and spaces go.
std::string letters_of(std::string_view normalized) {
  std::string letters;
  const std::string folded = nlp::fold_kana(normalized);
  for (const std::string_view c : nlp::characters_of(folded)) {
    const bool ascii_letter = c.size() == 1 && ((c[0] >= 'a' && c[0] <= 'z'));
    // Japanese letters are three bytes from U+3041 (E3 81 81): kana, kanji; not the CJK
    // punctuation of U+3000…U+303F (E3 80 xx) nor ー's fullwidth forms (EF xx xx).
    const bool japanese = c.size() == 3 && static_cast<unsigned char>(c[0]) >= 0xE3 &&
                          !(c[0] == '\xE3' && c[1] == '\x80') && c[0] != '\xEF';
    if (ascii_letter || (japanese && c != "ー")) {
      letters += c;
    }
  }
  return letters;
}

}  // namespace

small_talk small_talk_of(std::string_view normalized) {
  const std::string letters = letters_of(normalized);
  std::string_view rest = letters;
  small_talk found = small_talk::none;
  while (!rest.empty()) {
    small_talk next = small_talk::none;
    for (const auto& [phrase, kind] : phrases) {
      if (rest.starts_with(phrase)) {
        rest.remove_prefix(phrase.size());
        next = kind;
        break;
      }
    }
    if (next == small_talk::none) {
      return small_talk::none;  // something else is said
    }
    // Thanks and help say more than a greeting: 「こんにちは、ありがとう」 is thanks.
    if (found == small_talk::none || next != small_talk::greeting) {
      found = next;
    }
  }
  return found;
}

}  // namespace madoguchi::bot
