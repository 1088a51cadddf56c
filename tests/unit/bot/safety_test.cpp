// Tests of bot::assess_safety on normalised text: self-harm and abuse phrasings, and near misses
// (idioms, prevention events, insults) that must not take the safety route.
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace madoguchi::bot {

// The crisis signals the table expects: self-harm, or abuse of any kind.
enum class safety_signal { self_harm, abuse };

// Readable test output; found by argument-dependent lookup, so outside the unnamed namespace.
void PrintTo(safety_signal signal, std::ostream* out);
void PrintTo(safety_signal signal, std::ostream* out) {
  *out << (signal == safety_signal::self_harm ? "self_harm" : "abuse");
}

namespace {

const nlp::analyzer& shared_analyzer() {
  static const auto analyzer = nlp::analyzer::create({});
  return *analyzer;
}

// The crisis signal of `text`, or none for a concern or nothing.
std::optional<safety_signal> detect_safety_signal(std::string_view text) {
  const safety_assessment a = assess_safety(shared_analyzer(), nlp::normalize(text));
  if (a.level != safety_level::crisis) {
    return std::nullopt;
  }
  return a.topic == safety_topic::self_harm ? safety_signal::self_harm : safety_signal::abuse;
}

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
  EXPECT_EQ(detect_safety_signal(c.text), c.expected) << c.text;
}

INSTANTIATE_TEST_SUITE_P(self_harm, safety_table_test, ::testing::ValuesIn(self_harm_cases));
INSTANTIATE_TEST_SUITE_P(abuse, safety_table_test, ::testing::ValuesIn(abuse_cases));
INSTANTIATE_TEST_SUITE_P(near_misses, safety_table_test, ::testing::ValuesIn(near_misses));

TEST(safety_test, self_harm_wins_over_abuse) {
  EXPECT_EQ(detect_safety_signal("親に殴られて、もう死にたい"), self_harm);
}

TEST(safety_test, a_benign_phrase_does_not_hide_a_real_signal_in_the_same_message) {
  EXPECT_EQ(detect_safety_signal("死ぬほど疲れた。本当に死にたい"), self_harm);
  EXPECT_EQ(detect_safety_signal("虐待防止の講演会のあと、父に殴られた"), abuse);
}

// Regression: the lexicon once had only "od した" (with a space), which nobody types.
TEST(safety_test, overdose_written_without_a_space_is_self_harm) {
  EXPECT_EQ(detect_safety_signal("薬をODした"), self_harm);
  EXPECT_EQ(detect_safety_signal("ＯＤしちゃった"), self_harm);
}

safety_assessment assess(std::string_view text) {
  return assess_safety(shared_analyzer(), nlp::normalize(text));
}

// One event, whatever the script: the reading folds kanji and kana.
TEST(safety_test, kanji_hiragana_and_katakana_spellings_are_one_event) {
  for (const char* text : {"殴られた", "なぐられた", "ナグラレタ", "ﾅｸﾞﾗﾚﾀ"}) {
    EXPECT_EQ(assess(text).level, safety_level::crisis) << text;
  }
}

// The examples of the kinds that the substring lexicon missed (issue text, not evaluation lines).
TEST(safety_test, children_indirect_wordings_and_other_people_at_risk_are_crises) {
  for (const char* text : {"ぱぱが まいにち なぐる", "おかあさん ばんごはん つくってくれない",
                           "もう目が覚めなくていい", "みんな元気でね ばいばい",
                           "薬を集めてる。今夜ぜんぶ飲む", "橋の上にいる", "I want to disappear",
                           "shinitai", "弟が自分を傷つけてるみたい", "生徒の腕に毎週あざがある"}) {
    EXPECT_EQ(assess(text).level, safety_level::crisis) << text;
  }
}

TEST(safety_test, the_topic_follows_who_is_named) {
  EXPECT_EQ(assess("同棲相手にスマホを壊されて外に出してもらえない").topic,
            safety_topic::partner_violence);
  EXPECT_EQ(assess("施設で祖母があざだらけになっている").topic, safety_topic::elder_abuse);
  EXPECT_EQ(assess("義父に体を触られる").topic, safety_topic::sexual_harm);
  EXPECT_EQ(assess("父に殴られた").topic, safety_topic::child_abuse);
  EXPECT_EQ(assess("もう消えたい").topic, safety_topic::self_harm);
}

TEST(safety_test, talk_about_a_topic_is_a_concern_and_an_idiom_is_nothing) {
  EXPECT_EQ(assess("自殺者数の統計を知りたい").level, safety_level::concern);
  EXPECT_EQ(assess("ドラマの虐待シーンがつらかった").level, safety_level::concern);
  EXPECT_EQ(assess("ドラマを見て、私も死にたくなった").level, safety_level::crisis);
  EXPECT_EQ(assess("口コミで店が叩かれてる").level, safety_level::none);
  EXPECT_EQ(assess("死ぬ気で頑張ります").level, safety_level::none);
  EXPECT_EQ(assess("睡眠時間が殺される").level, safety_level::none);  // the reading too
  // Things are left behind too (a real citizen's question to a city); a child is not a thing.
  EXPECT_NE(
      assess("近所の公園に置き去りになっている粗大ゴミはどこに連絡すれば撤去してもらえるのか。")
          .level,
      safety_level::crisis);
  EXPECT_EQ(assess("近所の子どもが夜中まで公園に置き去りにされている").level, safety_level::crisis);
}

// A short kana term must start and end where words do: けられ is in 受けられます, しにたい in
// 市に対して, and neither means harm there.
TEST(safety_test, short_kana_terms_do_not_match_inside_other_words) {
  EXPECT_EQ(assess("申し込みを受けられますか").level, safety_level::none);
  EXPECT_EQ(assess("市に対して要望を出したい").level, safety_level::none);
  EXPECT_EQ(assess("けられた").level, safety_level::crisis);
  // ぶつ (to hit) is the start of ぶつかる (to clash), one word: no harm there.
  EXPECT_EQ(assess("嫁と味付けのことで毎回ぶつかるんだ").level, safety_level::none);
}

// A context's word names someone or something: ねこ (an animal) does not end inside 寝込んで's
// reading ねこんで, which would explain a child's neglect away.
TEST(safety_test, a_context_word_ends_where_a_word_ends) {
  EXPECT_EQ(assess("母が寝込んでて、妹の世話も全部わたし。ご飯がない日もある").level,
            safety_level::crisis);
  EXPECT_EQ(assess("猫にご飯がない日もある").level, safety_level::none);
}

// A seminar is a context of prevention only beside a harm named as a topic: a citizen who asks
// about one and then tells of their own danger is in danger.
TEST(safety_test, a_seminar_explains_away_only_a_harm_it_is_about) {
  EXPECT_EQ(assess("子育て講座の申し込みについて伺いたいです。その前に、夫に生活費を一切もらえず、"
                   "給料も夫の口座に入れさせられています")
                .level,
            safety_level::crisis);
  EXPECT_NE(assess("児童虐待についての講座で、殴られた子どもの話を聞いた").level,
            safety_level::crisis);
}

// A laugh makes a wish to die a concern (the answer and the consultation line), whoever writes it,
// unless the writer says it is no joke.
TEST(safety_test, a_laugh_softens_a_wish_to_die_unless_it_is_no_joke) {
  EXPECT_EQ(assess("好きな人の前で転んだ、まじで死にたいwww").level, safety_level::concern);
  EXPECT_EQ(assess("mou shinitai lol, I sang karaoke and my voice cracked").level,
            safety_level::concern);
  EXPECT_EQ(assess("i want to die lol. no but seriously i do").level, safety_level::crisis);
  EXPECT_EQ(assess("死にたい（笑）じゃなくてマジで").level, safety_level::crisis);
}

// Read aloud, a procedure can sound like harm: 除かれた reads のぞかれた (peeped at).
TEST(safety_test, a_homophone_in_a_procedure_is_not_harm) {
  EXPECT_EQ(assess("住民票の除票（除かれた住民票）とは何ですか").level, safety_level::none);
  EXPECT_EQ(assess("ヒアリに刺されたらどうすればいいですか").level, safety_level::none);
  EXPECT_EQ(assess("知らない人に窓からのぞかれた").level, safety_level::crisis);
}

// The learned backstop: wordings no rule lists, read by a model trained on the embedded examples.
TEST(safety_test, the_learned_model_hears_a_wording_no_rule_lists) {
  const safety_assessment farewell =
      assess("明日の朝には全部終わってるから、もう気にしなくていいよ");
  EXPECT_EQ(farewell.level, safety_level::crisis);
  EXPECT_EQ(farewell.signal, "learned model");
  EXPECT_EQ(farewell.topic, safety_topic::self_harm);
  const safety_assessment intruder = assess("母の再婚相手が夜中に部屋に入ってくる");
  EXPECT_EQ(intruder.level, safety_level::crisis);
  EXPECT_EQ(intruder.signal, "learned model");
  EXPECT_NE(intruder.topic, safety_topic::self_harm);
}

TEST(safety_test, the_learned_model_leaves_short_messages_and_contexts_to_the_rules) {
  EXPECT_EQ(assess("ありがとうございました").level, safety_level::none);
  EXPECT_EQ(assess("。。。").level, safety_level::none);
  // A game is a context: the model needs strong evidence there before the crisis template.
  EXPECT_NE(assess("ゲームのボスに何回も倒されて心が折れた").level, safety_level::crisis);
  EXPECT_EQ(assess("試験勉強で疲れた、もう寝たい").level, safety_level::none);
}

// Giving a pet away before a farewell is a warning sign: the pet names a context (animals), and
// the model, sure enough, still reaches the hotlines.
TEST(safety_test, a_sure_model_speaks_through_a_context) {
  const safety_assessment a =
      assess("うちの猫、誰かにもらってほしい。私はもうここに長くいないつもりだから");
  EXPECT_EQ(a.level, safety_level::crisis);
  EXPECT_EQ(a.topic, safety_topic::self_harm);
}

// In a story the family named is the story's; the writer's own family keeps a crisis.
TEST(safety_test, in_a_story_only_the_writer_keeps_a_crisis) {
  EXPECT_NE(assess("漫画で主人公が親に虐待される描写があってつらかった").level,
            safety_level::crisis);
  EXPECT_EQ(assess("ドラマを見て思い出した。私も毎晩父に殴られてる").level, safety_level::crisis);
}

TEST(safety_test, contexts_are_read_narrowly) {
  // 「大したことない」 is no negation, and 「転んだって言う」 is how a bruise is explained away.
  EXPECT_EQ(assess("大したことないんだけど、最近ずっと消えてしまいたいって思ってる").level,
            safety_level::crisis);
  EXPECT_EQ(assess("弟が母を叩いてるみたい。顔にあざがあるけど母は転んだって言う").level,
            safety_level::crisis);
  // 行きたくない reads いきたくない, as 生きたくない does: only the written 生きたくない is a wish.
  EXPECT_EQ(assess("義実家に行きたくない").level, safety_level::none);
  // 練炭 in a heater or on a stove is no means.
  EXPECT_NE(assess("練炭こたつの一酸化炭素警報器に補助はありますか").level, safety_level::crisis);
}

// A crisis told after an ordinary question is read on its own sentence, not diluted by the
// question's words; run together with a comma, the same words are one weaker message.
TEST(safety_test, a_crisis_after_an_ordinary_question_is_read_as_its_own_sentence) {
  const safety_assessment told_apart = assess(
      "SNSセミナーの申し込みの締め切りと会場と持ち物を教えてください。あと、もう家族に迷惑"
      "かけたくないので遠くへ行きます");
  EXPECT_EQ(told_apart.level, safety_level::crisis);
  EXPECT_EQ(told_apart.topic, safety_topic::self_harm);
  EXPECT_NE(assess("SNSセミナーの申し込みの締め切りと会場と持ち物を教えてください、あと、もう家族に"
                   "迷惑かけたくないので遠くへ行きます")
                .level,
            safety_level::crisis);
  EXPECT_EQ(assess("SNSセミナーの申し込みの締め切りと会場と持ち物を教えてください。").level,
            safety_level::none);
}

// A message that turns to another matter (それと, あと, 別件ですが) is read in parts: what the
// first part names (粗大ごみ, ネット, セミナー) does not explain away or soften what the next one
// tells.
TEST(safety_test, a_context_counts_only_in_the_part_of_the_message_that_names_it) {
  const safety_assessment threat = assess(
      "粗大ごみの予約ってネットでできますか。それと、夫が「次に逃げたら殺す」と言っていて、"
      "子どもを連れて逃げたいんです");
  EXPECT_EQ(threat.level, safety_level::crisis);
  EXPECT_EQ(threat.topic, safety_topic::partner_violence);
  EXPECT_EQ(assess("SNSセミナーの日程を知りたいです。別件ですが、友達が自傷の画像を毎晩上げていて、"
                   "今夜は「最後」と書いてます")
                .level,
            safety_level::crisis);
  // In the same part, the context still speaks.
  EXPECT_NE(assess("ネットで炎上して、みんなに叩かれてつらい").level, safety_level::crisis);
  // A demonstrative opening a sentence does not turn to another matter.
  EXPECT_NE(assess("市長のSNS炎上してて草。あの発言は叩かれて当然").level, safety_level::crisis);
}

// A touch that names a part of the body or a secret is sexual harm in every form of the verb.
TEST(safety_test, a_touch_told_with_where_or_a_secret_is_sexual_harm) {
  const safety_assessment touched =
      assess("大したことないと思うけど、習い事の先生がよく抱きついてきて、お尻を触ってきます");
  EXPECT_EQ(touched.level, safety_level::crisis);
  EXPECT_EQ(touched.topic, safety_topic::sexual_harm);
  EXPECT_EQ(assess("塾の先生が二人だけのときに体をなでてきます").topic, safety_topic::sexual_harm);
  EXPECT_EQ(assess("子どもが私のスマホを触ってきます。フィルタリングの講座はありますか").level,
            safety_level::none);
}

// A seminar is prevention beside a harm named as a topic, not beside the harm told: the 自殺 of
// 自殺する is no topic of the 講座.
TEST(safety_test, a_harm_told_is_no_topic_for_a_seminar) {
  EXPECT_EQ(assess("SNS講座の申し込み方法を教えて。もういい、自殺する").level,
            safety_level::crisis);
  EXPECT_NE(assess("自殺予防の講座に申し込みたいです").level, safety_level::crisis);
}

// A harm said as a joke, or of a match, is answered with the consultation line at most; said to
// be no joke, it is a crisis.
TEST(safety_test, a_joke_or_a_match_softens_being_hit) {
  EXPECT_NE(assess("テストの点が悪くて母に殺される(冗談)").level, safety_level::crisis);
  EXPECT_EQ(assess("母に殺される。冗談じゃなくて本当に").level, safety_level::crisis);
  EXPECT_NE(assess("部活の試合、相手チームにボコボコにされた").level, safety_level::crisis);
}

TEST(safety_test, preparing_twice_changes_nothing) {
  prepare_safety(shared_analyzer());
  const safety_assessment before = assess("明日の朝には全部終わってるから、もう気にしなくていいよ");
  prepare_safety(shared_analyzer());
  const safety_assessment after = assess("明日の朝には全部終わってるから、もう気にしなくていいよ");
  EXPECT_EQ(before.level, after.level);
  EXPECT_EQ(before.signal, after.signal);
}

TEST(safety_test, every_topic_has_a_consultation_line) {
  for (const safety_topic topic :
       {safety_topic::self_harm, safety_topic::child_abuse, safety_topic::partner_violence,
        safety_topic::elder_abuse, safety_topic::sexual_harm}) {
    EXPECT_FALSE(consultation_line(topic).empty()) << to_string(topic);
  }
}

}  // namespace
}  // namespace madoguchi::bot
