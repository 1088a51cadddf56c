// Tests of bot::decide over the embedded default knowledge base indexed with the real analyzer:
// the safety route, answers, handoff, fallback, tapped payloads, attachments and clarification.
#include "madoguchi/bot/responder.hpp"
#include "default_index.hpp"
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/bot/wording.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>

namespace madoguchi::bot {

// Readable test output; found by argument-dependent lookup, so outside the unnamed namespace.
void PrintTo(route r, std::ostream* out);
void PrintTo(route r, std::ostream* out) {
  *out << to_string(r);
}

namespace {

class responder_test : public ::testing::Test {
 protected:
  static decision ask(std::string_view tenant, std::string text, responder_options options = {}) {
    message in;
    in.text = std::move(text);
    return decide(default_index(), tenant, in, options);
  }
  static const knowledge::index& kb() { return default_index(); }
};

bool has_quick_reply(const decision& d, std::string_view payload) {
  for (const quick_reply& q : d.message.quick_replies) {
    if (q.payload == payload) {
      return true;
    }
  }
  return false;
}

TEST_F(responder_test, answers_a_seminar_question_with_the_seminar_and_its_link) {
  const decision d = ask("osaka-pref", "セミナーの申し込み方法");
  EXPECT_EQ(d.chosen, route::answer);
  EXPECT_EQ(d.entry_id, "osaka-boost-seminar");
  EXPECT_GE(d.confidence, responder_options{}.answer_confidence);
  EXPECT_FALSE(d.flag_for_staff);
  EXPECT_EQ(d.message.text, kb().find("osaka-pref", "osaka-boost-seminar")->answer);
  ASSERT_EQ(d.message.links.size(), 1u);
  EXPECT_EQ(d.message.links[0].url, "http://boostwithfacebookosaka.splashthat.com/");
  EXPECT_EQ(d.message.links[0].title, "セミナー申し込みページ");
  ASSERT_FALSE(d.candidates.empty());
  EXPECT_EQ(d.candidates[0].entry_id, "osaka-boost-seminar");
}

TEST_F(responder_test, the_same_question_answers_with_the_tenants_own_seminar) {
  const decision d = ask("morioka", "盛岡のセミナーの申し込み方法");
  EXPECT_EQ(d.chosen, route::answer);
  EXPECT_EQ(d.entry_id, "morioka-sme-seminar");
}

TEST_F(responder_test, self_harm_takes_the_safety_route_with_hotlines) {
  for (const char* tenant : {"osaka-pref", "morioka", "semboku"}) {
    const decision d = ask(tenant, "もう死にたい");
    EXPECT_EQ(d.chosen, route::safety) << tenant;
    EXPECT_EQ(d.entry_id, "crisis-self-harm") << tenant;
    EXPECT_TRUE(d.flag_for_staff) << tenant;
    EXPECT_NE(d.message.text.find("0120-0-78310"), std::string::npos) << tenant;
    EXPECT_TRUE(d.message.quick_replies.empty()) << tenant;
  }
}

TEST_F(responder_test, abuse_takes_the_safety_route_with_189) {
  const decision d = ask("yokote", "父親に殴られてる");
  EXPECT_EQ(d.chosen, route::safety);
  EXPECT_EQ(d.entry_id, "crisis-abuse");
  EXPECT_TRUE(d.flag_for_staff);
  EXPECT_NE(d.message.text.find("189"), std::string::npos);
}

TEST_F(responder_test, safety_reply_is_never_missing_even_for_an_unknown_tenant) {
  const decision d = ask("no-such-city", "もう死にたい");
  EXPECT_EQ(d.chosen, route::safety);
  EXPECT_EQ(d.entry_id, "crisis-self-harm");
  EXPECT_NE(d.message.text.find("0120-0-78310"), std::string::npos);
}

TEST_F(responder_test, safety_comes_before_a_tapped_payload) {
  message in;
  in.text = "もう死にたい";
  in.payload = "entry:osaka-aikan";
  const decision d = decide(kb(), "osaka-pref", in, {});
  EXPECT_EQ(d.chosen, route::safety);
  EXPECT_EQ(d.entry_id, "crisis-self-harm");
}

TEST_F(responder_test, asking_for_a_person_hands_off) {
  const decision d = ask("osaka-pref", "担当者と話したい");
  EXPECT_EQ(d.chosen, route::handoff);
  EXPECT_EQ(d.entry_id, "human-handoff");
  EXPECT_TRUE(d.flag_for_staff);
  EXPECT_FALSE(d.message.text.empty());
}

TEST_F(responder_test, a_request_for_a_person_hands_off_before_any_matching) {
  for (const char* tenant : {"daisen", "atlantis"}) {  // atlantis: no entries, shipped reply
    const decision d = ask(tenant, "係の人お願いします🙇");
    EXPECT_EQ(d.chosen, route::handoff) << tenant;
    EXPECT_EQ(d.entry_id, "human-handoff") << tenant;
    EXPECT_TRUE(d.flag_for_staff) << tenant;
    EXPECT_FALSE(d.message.text.empty()) << tenant;
  }
  EXPECT_NE(ask("osaka-pref", "職員向けのセミナーをお願いしたい").chosen, route::handoff);
}

TEST_F(responder_test, off_topic_question_falls_back_naming_what_the_account_answers) {
  const decision d = ask("osaka-pref", "燃えるゴミの収集日は何曜日ですか");
  EXPECT_EQ(d.chosen, route::fallback);
  EXPECT_TRUE(d.entry_id.empty());
  EXPECT_FALSE(d.flag_for_staff);
  EXPECT_LT(d.confidence, responder_options{}.clarify_confidence);
  EXPECT_NE(d.message.text.find("セミナー"), std::string::npos) << d.message.text;
  EXPECT_NE(d.message.text.find("担当者と話したい"), std::string::npos) << d.message.text;
  ASSERT_EQ(d.message.quick_replies.size(), 1u);
  EXPECT_EQ(d.message.quick_replies[0].title, "担当者と話したい");
  EXPECT_EQ(d.message.quick_replies[0].payload, "entry:human-handoff");
}

TEST_F(responder_test, unknown_tenant_falls_back_without_a_handoff_chip) {
  const decision d = ask("no-such-city", "セミナーの申し込み方法");
  EXPECT_EQ(d.chosen, route::fallback);
  EXPECT_TRUE(d.candidates.empty());
  EXPECT_TRUE(d.message.quick_replies.empty());
}

TEST_F(responder_test, a_tapped_payload_answers_with_that_entry) {
  message in;
  in.payload = "entry:osaka-aikan";
  const decision d = decide(kb(), "osaka-pref", in, {});
  EXPECT_EQ(d.chosen, route::answer);
  EXPECT_EQ(d.entry_id, "osaka-aikan");
  EXPECT_EQ(d.confidence, 1.0);
  EXPECT_EQ(d.message.text, kb().find("osaka-pref", "osaka-aikan")->answer);

  in.payload = "entry:human-handoff";
  EXPECT_EQ(decide(kb(), "osaka-pref", in, {}).chosen, route::handoff);
  in.payload = "entry:crisis-abuse";
  EXPECT_EQ(decide(kb(), "osaka-pref", in, {}).chosen, route::safety);
}

TEST_F(responder_test, a_payload_naming_another_tenants_entry_is_not_answered) {
  message in;
  in.payload = "entry:osaka-aikan";
  const decision d = decide(kb(), "morioka", in, {});
  EXPECT_NE(d.chosen, route::answer);
  EXPECT_NE(d.entry_id, "osaka-aikan");
}

TEST_F(responder_test, an_attachment_without_text_asks_for_text) {
  message in;
  in.has_attachment = true;
  const decision d = decide(kb(), "osaka-pref", in, {});
  EXPECT_EQ(d.chosen, route::fallback);
  EXPECT_TRUE(d.entry_id.empty());
  EXPECT_NE(d.message.text.find("文字で送って"), std::string::npos) << d.message.text;
}

TEST_F(responder_test, an_unsure_guess_at_a_crisis_keeps_help_on_offer_without_the_safety_route) {
  // A vague question whose best guesses include the crisis entries: no lexicon phrase matches.
  const decision d = ask("osaka-pref", "家のことで悩んでいて相談したい");
  ASSERT_EQ(d.chosen, route::clarify);
  EXPECT_TRUE(d.entry_id.empty());
  EXPECT_FALSE(d.flag_for_staff);
  ASSERT_FALSE(d.message.quick_replies.empty());
  EXPECT_LE(d.message.quick_replies.size(), responder_options{}.clarify_choices);
  for (const quick_reply& q : d.message.quick_replies) {
    const knowledge::entry* offered = kb().find("osaka-pref", entry_id_of_payload(q.payload));
    ASSERT_NE(offered, nullptr) << q.payload;
    EXPECT_EQ(q.title, short_title(offered->title));
  }
  EXPECT_TRUE(has_quick_reply(d, "entry:crisis-self-harm") ||
              has_quick_reply(d, "entry:crisis-abuse"))
      << "the question no longer reaches a crisis entry";
}

TEST_F(responder_test, clarify_offers_at_most_clarify_choices) {
  responder_options options;
  options.answer_confidence = 1.5;  // never answer: every ranked question clarifies
  options.clarify_confidence = 0;
  options.clarify_choices = 2;
  for (const char* question : {"セミナー", "悩み相談", "SNSの使い方", "災害の時の安否確認"}) {
    const decision d = ask("osaka-pref", question, options);
    ASSERT_EQ(d.chosen, route::clarify) << question;
    EXPECT_GE(d.message.quick_replies.size(), 1u) << question;
    EXPECT_LE(d.message.quick_replies.size(), 2u) << question;
  }
}

TEST_F(responder_test, tapping_an_offered_crisis_entry_takes_the_safety_route) {
  message tapped;
  tapped.payload = entry_payload("crisis-self-harm");
  const decision d = decide(kb(), "osaka-pref", tapped, {});
  EXPECT_EQ(d.chosen, route::safety);
  EXPECT_TRUE(d.flag_for_staff);
  EXPECT_NE(d.message.text.find("0120-0-78310"), std::string::npos);
}

TEST_F(responder_test, candidates_are_reported_up_to_the_option) {
  responder_options options;
  options.candidates = 2;
  EXPECT_LE(ask("osaka-pref", "セミナー", options).candidates.size(), 2u);
  EXPECT_GT(ask("osaka-pref", "セミナー").candidates.size(), 2u);
}

// Regression: these crisis messages once got the generic fallback with no hotline (死ねたら
// was erased by a benign phrase 死ね; the others were missing from the lexicon).
TEST_F(responder_test, crisis_phrasings_outside_the_lexicon_take_the_safety_route) {
  for (const char* text : {"死ねたら楽なのに", "薬をODした", "消えてなくなりたい",
                           "生きていたくない", "親にぶたれる"}) {
    EXPECT_EQ(ask("osaka-pref", text).chosen, route::safety) << text;
  }
}

TEST_F(responder_test, a_concern_answers_as_usual_and_adds_one_consultation_line) {
  const decision d = ask("osaka-pref", "自殺者数の統計を知りたい");
  EXPECT_NE(d.chosen, route::safety);
  EXPECT_TRUE(d.consultation_line_added);
  EXPECT_TRUE(d.message.text.ends_with(consultation_line(safety_topic::self_harm)))
      << d.message.text;
  EXPECT_EQ(d.message.text.find("0120-0-78310"), std::string::npos) << "not the crisis template";
}

TEST_F(responder_test, an_idiom_gets_the_normal_reply_and_nothing_added) {
  const decision d = ask("osaka-pref", "セミナーの申し込み方法、死ぬほど楽しみ");
  EXPECT_NE(d.chosen, route::safety);
  EXPECT_TRUE(has_quick_reply(d, "entry:osaka-boost-seminar") ||
              d.entry_id == "osaka-boost-seminar");
  EXPECT_FALSE(d.consultation_line_added);
}

TEST_F(responder_test, a_partners_violence_gets_the_abuse_template_with_the_dv_line) {
  const decision d = ask("morioka", "夫に殴られて外に出してもらえない");
  ASSERT_EQ(d.chosen, route::safety);
  EXPECT_EQ(d.entry_id, "crisis-abuse");
  // The line that fits comes first among the numbers, before the children's lines.
  const std::size_t dv_line = d.message.text.find("0120-279-889");
  ASSERT_NE(dv_line, std::string::npos) << d.message.text;
  EXPECT_LT(dv_line, d.message.text.find("189")) << d.message.text;
  EXPECT_TRUE(d.message.text.starts_with("今すぐ危険な状態のときは")) << d.message.text;
  // The template's closing sentence stays last.
  EXPECT_TRUE(d.message.text.ends_with("このメッセージは担当職員にもお知らせします。"))
      << d.message.text;
}

TEST_F(responder_test, an_idiom_never_offers_the_crisis_entries) {
  for (const char* text : {"死ぬ気で頑張ります", "その話、死ぬほどどうでもいい(笑)"}) {
    const decision d = ask("morioka", text);
    EXPECT_NE(d.chosen, route::safety) << text;
    EXPECT_NE(d.chosen, route::answer) << text << ": the words of harm led the ranking";
    EXPECT_FALSE(d.consultation_line_added) << text;
    EXPECT_FALSE(has_quick_reply(d, "entry:crisis-self-harm")) << text;
  }
}

TEST_F(responder_test, a_crisis_entry_ranked_first_is_never_answered_with_another_entry) {
  responder_options options;
  options.answer_confidence = 0;  // every ranked question would be answered
  const decision d = ask("osaka-pref", "家のことで悩んでいて相談したい", options);
  ASSERT_FALSE(d.candidates.empty());
  ASSERT_TRUE(d.candidates[0].entry_id.starts_with("crisis-")) << d.candidates[0].entry_id;
  EXPECT_EQ(d.chosen, route::clarify);
  EXPECT_TRUE(d.consultation_line_added);
}

TEST_F(responder_test, an_unsure_model_asks_kindly_with_the_crisis_entry_first) {
  // Neither a rule nor a sure model: a concern raised by the learned model. Which wordings leave
  // the model unsure changes as it learns, so the behaviour is checked on those of these that do
  // today, and at least one must.
  int unsure = 0;
  // (Farewell-like wordings such as 「スマホの中身、全部消した」 left this list once the ranking of
  // the crisis entries' examples agreed with the model: together they are a crisis.)
  for (const char* text : {"知らんおっさんから「写真送って」ってDM来た　きもい",
                           "知らないおじさんから「写真送って」ってDMきた"}) {
    const safety_assessment a = assess_safety(kb().analyzer(), nlp::normalize(text));
    if (!a.uncertain) {
      continue;
    }
    ++unsure;
    const decision d = ask("osaka-pref", text);
    EXPECT_NE(d.chosen, route::safety) << text;
    EXPECT_NE(d.chosen, route::answer) << text;
    EXPECT_TRUE(d.consultation_line_added) << text;
    ASSERT_FALSE(d.message.quick_replies.empty()) << text;
    EXPECT_TRUE(d.message.quick_replies.front().payload.starts_with("entry:crisis-")) << text;
  }
  EXPECT_GT(unsure, 0) << "none of the wordings leaves the model unsure: find one that does";
}

TEST_F(responder_test, an_unsure_model_and_a_crisis_entry_ranked_near_the_top_are_a_crisis) {
  // Neither is sure alone; the model's concern and the ranking's crisis entry agree.
  const decision d = ask("osaka-pref", "明日のことも考えたくない");
  EXPECT_EQ(d.chosen, route::safety);
  EXPECT_EQ(d.entry_id, "crisis-self-harm");
  EXPECT_EQ(d.safety_signal, "learned model and ranking");
}

TEST_F(responder_test, greetings_and_thanks_get_a_greeting_not_an_apology) {
  for (const char* text :
       {"こんにちは", "こんばんは！", "Hello", "はじめまして、よろしくお願いします"}) {
    const decision d = ask("morioka", text);
    EXPECT_EQ(d.chosen, route::clarify) << text;
    EXPECT_TRUE(d.message.text.starts_with("こんにちは")) << text << ": " << d.message.text;
  }
  for (const char* text : {"ありがとうございました！", "thank you!", "助かりました😊", "どうもー"}) {
    const decision d = ask("morioka", text);
    EXPECT_EQ(d.chosen, route::clarify) << text;
    EXPECT_TRUE(d.message.text.starts_with("どういたしまして")) << text << ": " << d.message.text;
  }
  // A greeting with a question is a question.
  EXPECT_NE(ask("morioka", "こんにちは、セミナーの申し込み方法を教えて")
                .message.text.find("どういたしまして"),
            0u);
}

TEST_F(responder_test, english_and_romaji_reach_the_bots_own_intents) {
  EXPECT_EQ(ask("morioka", "I need a person").chosen, route::handoff);
  EXPECT_EQ(ask("morioka", "can I talk to a human?").chosen, route::handoff);
  EXPECT_EQ(ask("morioka", "tantousha to hanashitai").chosen, route::handoff);
  const decision help = ask("morioka", "What can you do?");
  EXPECT_EQ(help.chosen, route::answer);
  EXPECT_EQ(help.entry_id, "about-bot");
}

TEST_F(responder_test, a_tenant_without_the_default_content_is_greeted_in_no_one_elses_voice) {
  knowledge::entry faq;
  faq.tenant = "sample-city";
  faq.id = "1001";
  faq.title = "粗大ごみの出し方";
  faq.questions = {"粗大ごみの出し方"};
  faq.answer = "粗大ごみは申し込み制です。";
  const knowledge::index city({faq}, test_analyzer());
  message hello;
  hello.text = "こんにちは";
  const decision d = decide(city, "sample-city", hello, {});
  EXPECT_EQ(d.chosen, route::clarify);
  EXPECT_EQ(d.message.text.find("セミナー"), std::string::npos) << d.message.text;
  message weather;
  weather.text = "明日の天気を教えて";
  const decision unknown = decide(city, "sample-city", weather, {});
  EXPECT_EQ(unknown.chosen, route::fallback);
  EXPECT_EQ(unknown.message.text.find("セミナー"), std::string::npos) << unknown.message.text;
}

TEST_F(responder_test,
       an_imported_city_names_its_own_topics_when_greeting_and_when_it_cannot_answer) {
  std::vector<knowledge::entry> faq;
  const auto add = [&](std::string id, std::string title) {
    knowledge::entry e;
    e.tenant = "sample-city";
    e.id = std::move(id);
    e.title = title;
    e.questions = {title};
    e.answer = title + "は市民課でご案内します。";
    faq.push_back(std::move(e));
  };
  add("1", "粗大ごみの出し方");
  add("2", "粗大ごみの手数料");
  add("3", "住民票の写しの請求方法");
  add("4", "住民票を郵送で請求したい");
  add("5", "図書館の開館時間");
  add("6", "犬の登録");
  add("7", "児童手当の申請");
  add("8", "児童手当の支給日");
  const knowledge::index city(faq, test_analyzer());
  for (const char* text : {"こんにちは", "何が聞けますか"}) {
    message hello;
    hello.text = text;
    const decision d = decide(city, "sample-city", hello, {});
    EXPECT_EQ(d.chosen, route::clarify) << text;
    EXPECT_NE(d.message.text.find("粗大ごみ、住民票、児童手当などについてお答えしています"),
              std::string::npos)
        << d.message.text;
  }
  message weather;
  weather.text = "明日の天気を教えて";
  const decision unknown = decide(city, "sample-city", weather, {});
  EXPECT_EQ(unknown.chosen, route::fallback);
  EXPECT_NE(unknown.message.text.find("粗大ごみ、住民票、児童手当など"), std::string::npos)
      << unknown.message.text;
}

TEST(reply_test, entry_payload_round_trips) {
  EXPECT_EQ(entry_payload("osaka-aikan"), "entry:osaka-aikan");
  EXPECT_EQ(entry_id_of_payload(entry_payload("osaka-aikan")), "osaka-aikan");
  EXPECT_EQ(entry_id_of_payload("entry:"), "");
  EXPECT_EQ(entry_id_of_payload("GET_STARTED"), "");
  EXPECT_EQ(entry_id_of_payload("ENTRY:osaka-aikan"), "");
  EXPECT_EQ(entry_id_of_payload(""), "");
}

TEST(reply_test, every_route_has_its_name) {
  EXPECT_EQ(to_string(route::answer), "answer");
  EXPECT_EQ(to_string(route::clarify), "clarify");
  EXPECT_EQ(to_string(route::fallback), "fallback");
  EXPECT_EQ(to_string(route::safety), "safety");
  EXPECT_EQ(to_string(route::handoff), "handoff");
}

}  // namespace
}  // namespace madoguchi::bot
