#include "topics.hpp"

#include "madoguchi/nlp/normalize.hpp"
#include "madoguchi/nlp/vocabulary.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace madoguchi::knowledge {
namespace {

// Words every municipal FAQ uses in its titles whatever it is about (as matching_key folds them).
// Question words too (いくら, どこ): MeCab reads them as nouns.
constexpr std::array<std::string_view, 47> procedural_words = {
    "方法", "手続き", "手続", "申請",     "請求",     "届出", "届け出",    "場合",
    "必要", "とき",   "時",   "内容",     "対象",     "利用", "確認",      "相談",
    "案内", "情報",   "登録", "変更",     "窓口",     "場所", "料金",      "費用",
    "期間", "期限",   "日時", "受付",     "申し込み", "申込", "申込み",    "発行",
    "交付", "取得",   "提出", "書類",     "市",       "市内", "市外",      "いつ",
    "どこ", "何",     "なに", "について", "いくら",   "どれ", "どのくらい"};

bool has_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_topic_word(std::string_view phrase, std::string_view key) {
  return nlp::characters_of(phrase).size() >= 2 && !has_digit(phrase) &&
         std::find(procedural_words.begin(), procedural_words.end(), key) ==
             procedural_words.end() &&
         !nlp::vocabulary::embedded().is_stop_word(key);
}

}  // namespace

std::vector<std::string> common_topics(const std::vector<std::vector<std::string>>& title_phrases,
                                       std::size_t count) {
  struct tally {
    std::string shown;  // as first written
    std::size_t titles = 0;
    std::size_t first_seen = 0;
  };
  std::unordered_map<std::string, tally> by_key;
  for (std::size_t i = 0; i < title_phrases.size(); ++i) {
    std::unordered_set<std::string> in_this_title;
    for (const std::string& phrase : title_phrases[i]) {
      std::string key = nlp::matching_key(phrase);
      if (!is_topic_word(phrase, key) || !in_this_title.insert(key).second) {
        continue;
      }
      auto [at, added] = by_key.try_emplace(std::move(key), tally{phrase, 0, i});
      ++at->second.titles;
    }
  }
  const std::size_t most = std::max<std::size_t>(2, title_phrases.size() / 4);
  std::vector<const std::pair<const std::string, tally>*> ranked;
  for (const auto& kept : by_key) {
    if (kept.second.titles >= 2 && kept.second.titles <= most) {
      ranked.push_back(&kept);
    }
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto* x, const auto* y) {
    return x->second.titles != y->second.titles ? x->second.titles > y->second.titles
                                                : x->second.first_seen < y->second.first_seen;
  });
  std::vector<std::string> chosen_keys, topics;
  for (const auto* candidate : ranked) {
    if (topics.size() == count) {
      break;
    }
    const std::string& key = candidate->first;
    const bool overlaps = std::any_of(chosen_keys.begin(), chosen_keys.end(), [&](const auto& k) {
      return k.find(key) != std::string::npos || key.find(k) != std::string::npos;
    });
    if (!overlaps) {
      chosen_keys.push_back(key);
      topics.push_back(candidate->second.shown);
    }
  }
  return topics;
}

}  // namespace madoguchi::knowledge
