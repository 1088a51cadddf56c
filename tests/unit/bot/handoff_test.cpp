// Tests of bot::asks_for_a_person: requests for staff in many phrasings, and messages that name
// staff without asking for them.
#include "madoguchi/bot/handoff.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

namespace madoguchi::bot {
namespace {

bool asks(std::string_view text) {
  return asks_for_a_person(nlp::normalize(text));
}

TEST(handoff_test, requests_for_a_person_are_recognised) {
  for (const char* text :
       {"担当者と話したい", "担当者さんに連絡を取りたいです🙏", "係の人お願いします🙇",
        "オペレーターに繋いでくだい", "ｵﾍﾟﾚｰﾀｰにつないで", "しょくいんさんとはなしたいです",
        "AIじゃなくて本物の人間に相談したいんすけど", "ボットじゃなくて人と話したい",
        "人に代わってもらえますか", "職員の方と直接話したいです", "スタッフに電話したい",
        "有人対応してほしい"}) {
    EXPECT_TRUE(asks(text)) << text;
  }
}

TEST(handoff_test, naming_staff_without_asking_for_them_is_not_a_request) {
  for (const char* text :
       {"職員向けのセミナーをお願いしたい", "市職員向けのSNS研修はありますか",
        "人間関係の悩みを相談したい", "担当者向けの研修", "知らない人からDMがくる",
        "スタッフ募集はしていますか", "セミナーの申し込み方法", ""}) {
    EXPECT_FALSE(asks(text)) << text;
  }
}

}  // namespace
}  // namespace madoguchi::bot
