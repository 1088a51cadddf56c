// Safety-signal lexicon. Phrases are matched on normalised text (NFKC, case-folded), so half-width
// katakana and full-width letters are already folded; hiragana and katakana spellings are listed.
#include "madoguchi/bot/safety.hpp"

#include <string>

namespace madoguchi::bot {
namespace {

// Phrases that contain a trigger word but signal no danger; removed before matching. (A
// quoted insult such as 「死ね」 is not listed: it contains no trigger, and 死ねたら is one.)
constexpr std::string_view benign_phrases[] = {
    "死ぬほど", "しぬほど", "死ぬかと思", "自殺予防", "自殺防止",     "自殺対策",    "自殺を防",
    "自殺率",   "自殺者数", "虐待防止",   "虐待予防", "虐待対策",     "虐待を防",    "いじめ防止",
    "暴力防止", "dv防止",   "殺人的",     "笑い死",   "飛び込み営業", "飛び込み参加"};

constexpr std::string_view self_harm_phrases[] = {"死にたい",
                                                  "しにたい",
                                                  "シニタイ",
                                                  "死ねたら",
                                                  "しねたら",
                                                  "消えたい",
                                                  "きえたい",
                                                  "消えてしまいたい",
                                                  "消えてなくなりたい",
                                                  "いなくなりたい",
                                                  "生きていたくない",
                                                  "生きたくない",
                                                  "自殺",
                                                  "じさつ",
                                                  "終わりにしたい",
                                                  "おわりにしたい",
                                                  "生きてるのしんどい",
                                                  "生きてるのがしんどい",
                                                  "生きてるのつらい",
                                                  "生きてるのが辛い",
                                                  "生きてるのが つらい",
                                                  "生きるのがつらい",
                                                  "生きるのが辛い",
                                                  "生きる意味",
                                                  "生きてる意味",
                                                  "生きている意味",
                                                  "生きる価値",
                                                  "生きてる価値",
                                                  "明日起きたくない",
                                                  "目が覚めなければ",
                                                  "目覚めたくない",
                                                  "遺書",
                                                  "飛び込も",
                                                  "飛び込みたい",
                                                  "飛び込んでしまいたい",
                                                  "睡眠薬",
                                                  "薬ため",
                                                  "薬をため",
                                                  "全部飲も",
                                                  "まとめて飲も",
                                                  "生まれてこなければ",
                                                  "生まれてこなきゃ",
                                                  "生まれなければよかった",
                                                  "楽になりたい",
                                                  "楽になる方法",
                                                  "息してるのもつらい",
                                                  "息するのもつらい",
                                                  "息をするのもつらい",
                                                  "息してるのもしんどい",
                                                  "飛び降り",
                                                  "とびおり",
                                                  "リスカ",
                                                  "りすか",
                                                  "リストカット",
                                                  "腕切",
                                                  "腕を切",
                                                  "手首を切",
                                                  "手首切",
                                                  "首を吊",
                                                  "首吊",
                                                  "首つり",
                                                  "死んだほうが",
                                                  "死んだ方が",
                                                  "いなくなったほうが",
                                                  "いなくなった方が",
                                                  "薬いっぱい飲",
                                                  "薬をいっぱい飲",
                                                  "薬たくさん飲",
                                                  "大量に飲",
                                                  "odした",
                                                  "odしちゃ",
                                                  "od した",
                                                  "オーバードーズ"};

constexpr std::string_view abuse_phrases[] = {"殴られ",
                                              "なぐられ",
                                              "叩かれ",
                                              "たたかれ",
                                              "ぶたれ",
                                              "蹴られ",
                                              "虐待",
                                              "ぎゃくたい",
                                              "暴力をふる",
                                              "暴力を振る",
                                              "手をあげ",
                                              "手を上げ",
                                              "ごはんくれない",
                                              "ご飯くれない",
                                              "ごはんをくれない",
                                              "ご飯をくれない",
                                              "食事をもらえない",
                                              "ごはんをもらえない",
                                              "家に帰りたくない",
                                              "泣き叫ぶ",
                                              "怒鳴られ",
                                              "どなられ",
                                              "性的な嫌がらせ",
                                              "体を触られ",
                                              "閉じ込められ",
                                              "お前なんかいらない",
                                              "おまえなんかいらない",
                                              "いらない子",
                                              "生まなきゃよかった",
                                              "産まなきゃよかった",
                                              "生まなければよかった",
                                              "産まなければよかった"};

// `text` with every benign phrase replaced by a space, so that no trigger spans what remains.
std::string without_benign_phrases(std::string_view text) {
  std::string cleaned;
  cleaned.reserve(text.size());
  while (!text.empty()) {
    bool skipped = false;
    for (std::string_view phrase : benign_phrases) {
      if (text.starts_with(phrase)) {
        cleaned.push_back(' ');
        text.remove_prefix(phrase.size());
        skipped = true;
        break;
      }
    }
    if (!skipped) {
      cleaned.push_back(text.front());
      text.remove_prefix(1);
    }
  }
  return cleaned;
}

template <std::size_t N>
bool contains_any(std::string_view text, const std::string_view (&phrases)[N]) {
  for (std::string_view phrase : phrases) {
    if (text.find(phrase) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<safety_signal> detect_safety_signal(std::string_view normalized) {
  const std::string text = without_benign_phrases(normalized);
  // Self-harm first: a person hurt at home who also wants to die needs the self-harm lines.
  if (contains_any(text, self_harm_phrases)) {
    return safety_signal::self_harm;
  }
  if (contains_any(text, abuse_phrases)) {
    return safety_signal::abuse;
  }
  return std::nullopt;
}

}  // namespace madoguchi::bot
