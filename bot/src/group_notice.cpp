#include "madoguchi/bot/group_notice.hpp"

namespace madoguchi::bot {

std::string line_add_friend_url(std::string_view line_id) {
  // developers.line.biz, "Using LINE features with the LINE URL scheme": /R/ti/p/{LINE ID}.
  return line_id.empty() ? std::string() : "https://line.me/R/ti/p/" + std::string(line_id);
}

reply group_chat_notice(std::string_view add_friend_url) {
  reply r;
  r.text =
      "グループに追加していただき、ありがとうございます。このアカウントは1対1のトークでの"
      "ご質問にお答えしています。グループでの会話にはお返事しませんので、ご質問は友だち追加の"
      "うえ、トークでお送りください。";
  if (!add_friend_url.empty()) {
    r.links.push_back({"友だち追加", std::string(add_friend_url)});
  }
  return r;
}

}  // namespace madoguchi::bot
