// Hand-over lexicon: a phrase that asks for a person, or a person word followed closely by a
// request word.
#include "madoguchi/bot/handoff.hpp"

#include "lexicon.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <string>

namespace madoguchi::bot {
namespace {

// Every phrase is written as normalize() and fold_kana() leave it: lower case, hiragana.
constexpr std::string_view direct_phrases[] = {
    "人と話したい", "人と話せ", "ひととはなしたい", "人に代わって", "人にかわって", "人に替わって",
    // English and romaji, as foreign residents and children write them.
    "need a person", "need a human", "talk to a person", "talk to a human", "talk to someone",
    "speak to a person", "speak to a human", "speak to someone", "speak with someone",
    "real person", "human please", "talk to staff", "speak to staff", "talk with staff",
    "operator please", "tantousha", "tantosha", "hito to hanashitai", "shokuin to hanashitai"};

constexpr std::string_view person_words[] = {"担当者",     "担当の人",     "担当の方", "担当さん",
                                             "職員",       "しょくいん",   "係の人",   "係りの人",
                                             "かかりの人", "おぺれーたー", "すたっふ", "人間",
                                             "にんげん",   "有人",         "中の人",   "本物の人"};

constexpr std::string_view request_words[] = {
    "話したい", "話せ",   "はなしたい", "はなせ", "相談したい", "そうだんしたい", "繋い",
    "繋が",     "つない", "つなが",     "代わ",   "かわって",   "替わ",           "お願い",
    "おねがい", "連絡",   "れんらく",   "電話",   "でんわ",     "対応して",       "呼んで"};

// At most this many characters between the person word and the request (「担当者さんに連絡」);
// further away, the request is about something else (「職員向けのセミナーをお願い」).
constexpr std::size_t max_gap = 5;

}  // namespace

bool asks_for_a_person(std::string_view normalized) {
  const std::string text = nlp::fold_kana(normalized);
  for (std::string_view phrase : direct_phrases) {
    if (text.find(phrase) != std::string::npos) {
      return true;
    }
  }
  return word_followed_by(text, person_words, request_words, max_gap);
}

}  // namespace madoguchi::bot
