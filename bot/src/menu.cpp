// The category menu and the greeting.
#include "madoguchi/bot/menu.hpp"

#include "madoguchi/knowledge/entry.hpp"

#include <algorithm>
#include <array>

namespace madoguchi::bot {
namespace {

// The queries use the words citizens and the shipped entries use; the index expands synonyms.
constexpr std::array<menu_category, 5> categories = {{
    {"seminars", "セミナー・講座", "セミナー 講座 研修 申し込み 開催"},
    {"youth-safety", "子どもとSNSの安全", "子ども SNS 安全 トラブル いじめ 知らない人"},
    {"disaster", "災害とSNS", "災害 防災 避難 Facebook 情報"},
    {"small-business", "お店・中小企業", "中小企業 お店 集客 SNS 広告"},
    {"staff", "担当者と話したい", ""},
}};

}  // namespace

std::span<const menu_category> menu_categories() {
  return categories;
}

const menu_category* find_menu_category(std::string_view id) {
  const auto found = std::find_if(categories.begin(), categories.end(),
                                  [&](const menu_category& c) { return c.id == id; });
  return found == categories.end() ? nullptr : &*found;
}

std::string_view greeting_text() {
  return "こんにちは。こちらは自動応答の窓口です。SNS活用セミナーと申し込み方法、子どもとSNSの安全"
         "、"
         "災害時の情報、お店・中小企業のSNS活用についてお答えします。知りたいことを文字で送るか、"
         "下のメニューから選んでください。";
}

std::vector<quick_reply> menu_quick_replies() {
  std::vector<quick_reply> chips;
  for (const menu_category& c : categories) {
    chips.push_back({std::string(c.label), c.query.empty()
                                               ? entry_payload(knowledge::well_known::human_handoff)
                                               : menu_payload(c.id)});
  }
  return chips;
}

}  // namespace madoguchi::bot
