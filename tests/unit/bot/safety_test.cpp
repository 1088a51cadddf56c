// Tests of bot::detect_safety_signal on normalised text: self-harm and abuse phrasings, and near
// misses (idioms, prevention events, insults) that must not take the safety route.
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace madoguchi::bot {

// Readable test output; found by argument-dependent lookup, so outside the unnamed namespace.
void PrintTo(safety_signal signal, std::ostream* out);
void PrintTo(safety_signal signal, std::ostream* out) {
  *out << (signal == safety_signal::self_harm ? "self_harm" : "abuse");
}

namespace {

struct safety_case {
  const char* text;
  std::optional<safety_signal> expected;
};

void PrintTo(const safety_case& c, std::ostream* out) {
  *out << c.text;
}

constexpr std::optional<safety_signal> none = std::nullopt;
constexpr std::optional<safety_signal> self_harm = safety_signal::self_harm;
constexpr std::optional<safety_signal> abuse = safety_signal::abuse;

const safety_case self_harm_cases[] = {
    {"もう死にたい", self_harm},
    {"消えたい", self_harm},
    {"ﾘｽｶ", self_harm},  // half-width katakana
    {"ﾘｽｶしちゃった…", self_harm},
    {"飛び降りようと思ってる", self_harm},
    {"薬いっぱい飲んじゃった", self_harm},
    {"しにたい", self_harm},
    {"ｼﾆﾀｲ", self_harm},
    {"自殺したいです", self_harm},
    {"もう全部終わりにしたい", self_harm},
    {"いなくなりたい", self_harm},
    {"リストカットがやめられない", self_harm},
    {"首を吊ろうかな", self_harm},
    {"私なんか死んだほうがいい", self_harm},
    {"生きるのがつらい", self_harm},
    // Indirect phrasings: no word for death, but the meaning is the same.
    {"生きてる意味わからん", self_harm},
    {"明日起きたくない", self_harm},
    {"遺書書いた", self_harm},
    {"橋の上にいる。もう飛び込もうかな", self_harm},
    {"睡眠薬ためてる", self_harm},
    {"薬をためてて全部飲もうと思う", self_harm},
    {"自分なんか生まれてこなければよかった", self_harm},
    {"楽になりたい", self_harm},
    {"息してるのもつらい", self_harm},
    {"もう死にたいいいい😭", self_harm},  // elongated, with an emoji
    {"ＯＤした", self_harm},             // full-width latin
};

const safety_case abuse_cases[] = {
    {"父親に殴られてる", abuse},
    {"お母さんの彼氏にたたかれる", abuse},
    {"隣の家から子どもの泣き叫ぶ声がする", abuse},
    {"毎日叩かれて家に帰りたくない", abuse},
    {"兄に蹴られた", abuse},
    {"近所で虐待されている子がいるかも", abuse},
    {"ご飯をくれない", abuse},
    {"物置に閉じ込められた", abuse},
    {"親に「お前なんかいらない」って毎日言われる", abuse},  // verbal abuse at home
    {"母に産まなきゃよかったって言われた", abuse},
    {"お父さんが暴力をふるう", abuse},
};

const safety_case near_misses[] = {
    {"死ぬほど楽しみ", none},
    {"殺人的に忙しい", none},
    {"自殺予防週間のパネル展", none},
    {"虐待防止の講演会", none},
    {"いじめ防止の授業をお願いしたい", none},
    {"クラスのやつから「死ね」ってDMくる", none},
    {"セミナーの申し込み方法", none},
    {"消しゴムの捨て方", none},
    {"笑い死ぬかと思った", none},
    {"死ぬほど眠い", none},
    {"死ぬかと思うくらい笑った", none},
    {"しぬほどおなかすいた", none},
    {"殺人的な暑さ", none},
    {"PTA向けに、いじめや自殺を防ぐためのSNSの話をしてほしい", none},
    {"秋田県って自殺率が高いってニュースで見た", none},
    {"自殺対策の講座はありますか", none},
    {"児童虐待防止の啓発イベント", none},
    {"虐待を防ぐ取り組みを知りたい", none},
    {"飛び込み営業のやり方", none},
    {"ゲームで死んだ", none},
    {"", none},
};

class safety_table_test : public ::testing::TestWithParam<safety_case> {};

TEST_P(safety_table_test, detects_the_expected_signal) {
  const safety_case& c = GetParam();
  EXPECT_EQ(detect_safety_signal(nlp::normalize(c.text)), c.expected) << c.text;
}

INSTANTIATE_TEST_SUITE_P(self_harm, safety_table_test, ::testing::ValuesIn(self_harm_cases));
INSTANTIATE_TEST_SUITE_P(abuse, safety_table_test, ::testing::ValuesIn(abuse_cases));
INSTANTIATE_TEST_SUITE_P(near_misses, safety_table_test, ::testing::ValuesIn(near_misses));

TEST(safety_test, self_harm_wins_over_abuse) {
  EXPECT_EQ(detect_safety_signal(nlp::normalize("親に殴られて、もう死にたい")), self_harm);
}

TEST(safety_test, a_benign_phrase_does_not_hide_a_real_signal_in_the_same_message) {
  EXPECT_EQ(detect_safety_signal(nlp::normalize("死ぬほど疲れた。本当に死にたい")), self_harm);
  EXPECT_EQ(detect_safety_signal(nlp::normalize("虐待防止の講演会のあと、父に殴られた")), abuse);
}

// Regression: the lexicon once had only "od した" (with a space), which nobody types.
TEST(safety_test, overdose_written_without_a_space_is_self_harm) {
  EXPECT_EQ(detect_safety_signal(nlp::normalize("薬をODした")), self_harm);
  EXPECT_EQ(detect_safety_signal(nlp::normalize("ＯＤしちゃった")), self_harm);
}

}  // namespace
}  // namespace madoguchi::bot
