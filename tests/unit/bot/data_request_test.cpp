// Tests of the deletion-request lexicon and its replies: requests are recognised and confirmed
// first; questions about deleting photos or posts are left to the knowledge base.
#include "madoguchi/bot/data_request.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

data_request of_text(const std::string& text) {
  return data_request_of({text, "", false, ""}, nlp::normalize(text));
}

TEST(data_request, requests_to_forget_the_person_are_recognised) {
  for (const char* text : {"データを削除して", "私のデータを削除してください", "ﾃﾞｰﾀを消して",
                           "履歴を消してください", "会話の記録を消去して", "個人情報を削除して"}) {
    EXPECT_EQ(of_text(text), data_request::asked) << text;
  }
}

TEST(data_request, questions_about_deleting_something_else_are_not_requests) {
  for (const char* text :
       {"写真のデータを消したい", "SNSの投稿を削除する方法", "インスタのアカウントを削除したい",
        "セミナーの申し込みを取り消したい", "データ活用セミナーはいつですか",
        "子どもがネットに上げた個人情報を削除してもらうにはどこに相談すればいいですか"}) {
    EXPECT_EQ(of_text(text), data_request::none) << text;
  }
}

TEST(data_request, the_confirmation_offers_both_choices_and_the_taps_are_understood) {
  const reply question = data_request_reply(data_request::asked);
  ASSERT_EQ(question.quick_replies.size(), 2u);
  EXPECT_EQ(question.quick_replies[0].payload, forget_payload);
  EXPECT_EQ(question.quick_replies[1].payload, keep_payload);
  EXPECT_EQ(data_request_of({"削除する", std::string(forget_payload), false, ""}, "削除する"),
            data_request::confirmed);
  EXPECT_EQ(data_request_of({"やめる", std::string(keep_payload), false, ""}, "やめる"),
            data_request::declined);
  EXPECT_NE(data_request_reply(data_request::confirmed).text.find("削除しました"),
            std::string::npos);
  EXPECT_TRUE(data_request_reply(data_request::none).text.empty());
}

}  // namespace
}  // namespace madoguchi::bot
