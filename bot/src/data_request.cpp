// Deletion-request lexicon: a word for the person's records close before a word for deleting,
// in a short message that is not about photos, posts or accounts elsewhere.
#include "madoguchi/bot/data_request.hpp"

#include "lexicon.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <string>

namespace madoguchi::bot {
namespace {

// Written as normalize() and fold_kana() leave them: lower case, hiragana.
constexpr std::string_view record_words[] = {"でーた", "個人情報", "会話",     "履歴",
                                             "記録",   "やりとり", "やり取り", "情報"};
constexpr std::string_view delete_words[] = {"削除",     "さくじょ", "消して", "けして",  "消去",
                                             "消したい", "けしたい", "忘れて", "わすれて"};
// Deleting these is a question for the knowledge base (how to remove a post), not a request to
// madoguchi.
constexpr std::string_view elsewhere_words[] = {"写真",       "画像",    "動画", "投稿",
                                                "あかうんと", "sns",     "line", "facebook",
                                                "instagram",  "いんすた"};

constexpr std::size_t max_characters = 30;  // a request, not a story about deleting something
constexpr std::size_t max_gap = 3;          // 「データを削除」「履歴の削除」

// English and romaji requests, whole.
constexpr std::string_view direct_requests[] = {
    "delete my data",  "delete my messages", "delete my history", "delete my chat",
    "erase my data",   "remove my data",     "forget me",         "forget my data",
    "deeta wo sakujo", "deeta sakujo",       "rireki wo sakujo",  "kojin jouhou wo sakujo"};

bool asks_to_delete(std::string_view normalized) {
  const std::string text = nlp::fold_kana(normalized);
  for (std::string_view request : direct_requests) {
    if (text.find(request) != std::string::npos) {
      return nlp::characters_of(text).size() <= max_characters * 2;  // a request, not a story
    }
  }
  if (nlp::characters_of(text).size() > max_characters) {
    return false;
  }
  for (std::string_view w : elsewhere_words) {
    if (text.find(w) != std::string::npos) {
      return false;
    }
  }
  return word_followed_by(text, record_words, delete_words, max_gap);
}

}  // namespace

data_request data_request_of(const message& in, std::string_view normalized) {
  if (in.payload == forget_payload) {
    return data_request::confirmed;
  }
  if (in.payload == keep_payload) {
    return data_request::declined;
  }
  return in.payload.empty() && asks_to_delete(normalized) ? data_request::asked
                                                          : data_request::none;
}

reply data_request_reply(data_request request) {
  reply r;
  switch (request) {
    case data_request::none: break;
    case data_request::asked:
      r.text =
          "この窓口に残っている、あなたとのやりとりの記録（会話の途中の状態、お送りした回答の記録、"
          "お答えできなかったご質問）を削除します。よろしいですか？";
      r.quick_replies = {{"削除する", std::string(forget_payload)},
                         {"やめる", std::string(keep_payload)}};
      break;
    case data_request::confirmed:
      r.text =
          "削除しました。ご質問の内容は、お答えした時点で記録から消しています。"
          "またいつでもご質問ください。";
      break;
    case data_request::declined:
      r.text = "削除はしませんでした。ほかにご質問があれば、どうぞ。";
      break;
  }
  return r;
}

}  // namespace madoguchi::bot
