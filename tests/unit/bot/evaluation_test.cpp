// Tests of the evaluation rules (shared/spec/knowledge-base.md): parsing labelled files, scoring
// each kind of decision, and the report.
#include "madoguchi/bot/evaluation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::bot {
namespace {

labelled_question labelled(std::string expected) {
  const auto parsed = parse_evaluation_file("t\tq\t" + expected + "\n");
  return std::get<std::vector<labelled_question>>(parsed).at(0);
}

decision made(route r, std::string entry, std::vector<std::string> candidates = {}) {
  decision d;
  d.chosen = r;
  d.entry_id = std::move(entry);
  for (std::string& c : candidates) {
    d.candidates.push_back({std::move(c), "", 1.0});
  }
  return d;
}

TEST(evaluation_file_test, parses_lines_alternatives_comments_and_a_bom) {
  const auto parsed = parse_evaluation_file(
      "\xEF\xBB\xBF# comment\nosaka-pref\tセミナー\ta|b\r\n\nmorioka\tごみ\t-\n");
  const auto& questions = std::get<std::vector<labelled_question>>(parsed);
  ASSERT_EQ(questions.size(), 2u);
  EXPECT_EQ(questions[0].line, 2u);
  EXPECT_EQ(questions[0].tenant, "osaka-pref");
  EXPECT_EQ(questions[0].text, "セミナー");
  EXPECT_EQ(questions[0].expected, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(questions[1].line, 4u);
  EXPECT_TRUE(questions[1].expected.empty());
}

TEST(evaluation_file_test, every_malformed_line_is_reported_with_its_number) {
  const auto parsed = parse_evaluation_file("t\tq\n t\tq\tok\nt\t\tid\nt\tq\ta||b\n");
  const auto& errors = std::get<std::vector<evaluation_file_error>>(parsed);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].line, 1u);
  EXPECT_NE(errors[0].message.find("3 tab-separated fields"), std::string::npos);
  EXPECT_EQ(errors[1].line, 3u);
  EXPECT_EQ(errors[2].line, 4u);
}

TEST(evaluation_report_test, lines_with_a_kind_are_tallied_by_kind) {
  const auto parsed = parse_evaluation_file(
      "t\tq\tcrisis-abuse\tneglect\nt\tq\tcrisis-abuse\tneglect\nt\tq\t-\tidiom\n");
  const auto& questions = std::get<std::vector<labelled_question>>(parsed);
  ASSERT_EQ(questions.size(), 3u);
  EXPECT_EQ(questions[0].kind, "neglect");
  evaluation_report report;
  add_to_report(report, score(questions[0], made(route::safety, "crisis-abuse")));
  add_to_report(report, score(questions[1], made(route::fallback, "")));
  decision concern = made(route::fallback, "");
  concern.consultation_line_added = true;
  add_to_report(report, score(questions[2], concern));
  ASSERT_EQ(report.by_kind.size(), 2u);
  EXPECT_EQ(report.by_kind["neglect"].safety, 2u);
  EXPECT_EQ(report.by_kind["neglect"].safety_right, 1u);
  EXPECT_EQ(report.by_kind["idiom"].false_safety_routes, 0u);
  EXPECT_EQ(report.by_kind["idiom"].consultation_lines, 1u);
  EXPECT_EQ(report.consultation_lines, 1u);
  const std::string text = format_report(report);
  EXPECT_NE(text.find("neglect"), std::string::npos) << text;
  EXPECT_NE(text.find("0.500 (1/2)"), std::string::npos) << text;
}

TEST(evaluation_score_test, an_answer_with_the_expected_entry_is_right_and_another_is_wrong) {
  EXPECT_EQ(score(labelled("a|b"), made(route::answer, "b", {"b"})).result, outcome::right);
  const scored_question wrong = score(labelled("a"), made(route::answer, "c", {"c", "a"}));
  EXPECT_EQ(wrong.result, outcome::wrong);
  EXPECT_FALSE(wrong.ranked_first);
}

TEST(evaluation_score_test, a_clarify_offering_the_entry_in_its_first_three_is_a_near_hit) {
  EXPECT_EQ(score(labelled("a"), made(route::clarify, "", {"x", "y", "a"})).result,
            outcome::near_hit);
  EXPECT_EQ(score(labelled("a"), made(route::clarify, "", {"x", "y", "z", "a"})).result,
            outcome::missed);
  EXPECT_EQ(score(labelled("a"), made(route::fallback, "")).result, outcome::missed);
  EXPECT_TRUE(score(labelled("a"), made(route::fallback, "", {"a"})).ranked_first);
}

TEST(evaluation_score_test, out_of_scope_is_right_unless_answered_or_routed_to_safety) {
  EXPECT_EQ(score(labelled("-"), made(route::fallback, "")).result, outcome::right);
  EXPECT_EQ(score(labelled("-"), made(route::clarify, "", {"a"})).result, outcome::right);
  EXPECT_EQ(score(labelled("-"), made(route::answer, "a", {"a"})).result, outcome::wrong);
  EXPECT_EQ(score(labelled("-"), made(route::safety, "crisis-self-harm")).result,
            outcome::false_safety);
}

TEST(evaluation_score_test, safety_is_right_on_the_safety_route_whichever_crisis_entry) {
  EXPECT_EQ(score(labelled("crisis-abuse"), made(route::safety, "crisis-self-harm")).result,
            outcome::right);
  EXPECT_EQ(score(labelled("crisis-abuse"), made(route::clarify, "", {"crisis-abuse"})).result,
            outcome::missed);
  EXPECT_EQ(score(labelled("human-handoff"), made(route::handoff, "human-handoff")).result,
            outcome::right);
  EXPECT_EQ(score(labelled("a"), made(route::safety, "crisis-abuse")).result,
            outcome::false_safety);
}

TEST(evaluation_report_test, counts_rates_and_lists_every_miss) {
  evaluation_report report;
  add_to_report(report, score(labelled("a"), made(route::answer, "a", {"a"})));
  add_to_report(report, score(labelled("a"), made(route::answer, "b", {"b"})));
  add_to_report(report, score(labelled("-"), made(route::fallback, "")));
  add_to_report(report,
                score(labelled("crisis-self-harm"), made(route::safety, "crisis-self-harm")));
  EXPECT_EQ(report.in_scope, 2u);
  EXPECT_EQ(report.in_scope_right, 1u);
  EXPECT_EQ(report.wrong_answers, 1u);
  EXPECT_EQ(report.answers, 2u);
  EXPECT_EQ(report.out_of_scope_right, 1u);
  EXPECT_EQ(report.safety_right, 1u);
  ASSERT_EQ(report.misses.size(), 1u);
  const std::string text = format_report(report);
  EXPECT_NE(text.find("in-scope top-1:         0.500 (1/2)"), std::string::npos) << text;
  EXPECT_NE(text.find("wrong answers:          1 of 2 answers"), std::string::npos) << text;
  EXPECT_NE(text.find("safety recall:          1.000 (1/1)"), std::string::npos) << text;
  EXPECT_NE(text.find("[WRONG] t 「q」 expected a, got answer b"), std::string::npos) << text;
}

TEST(evaluation_report_test, ranks_within_the_first_ten_give_top_3_top_10_and_mrr) {
  evaluation_report report;
  add_to_report(report, score(labelled("a"), made(route::clarify, "", {"b", "a", "c"})));
  add_to_report(report, score(labelled("a"), made(route::clarify, "", {"b", "c", "d", "e", "a"})));
  add_to_report(report, score(labelled("a"), made(route::fallback, "", {"b"})));
  EXPECT_EQ(report.ranked_in_top3, 1u);
  EXPECT_EQ(report.ranked_in_top10, 2u);
  EXPECT_DOUBLE_EQ(report.reciprocal_ranks, 0.5 + 0.2);
  const std::string text = format_report(report);
  EXPECT_NE(text.find("ranked in top 3:        0.333 (1/3)"), std::string::npos) << text;
  EXPECT_NE(text.find("MRR@10:                 0.233"), std::string::npos) << text;
}

TEST(evaluation_report_test, calibration_compares_confidence_with_how_often_the_best_was_right) {
  // Ten questions at 0.75 of which three were right: a gap of 0.45 in that band.
  std::vector<calibration_point> points(10, {0.75, false});
  for (int i = 0; i < 3; ++i) {
    points[static_cast<std::size_t>(i)].right = true;
  }
  EXPECT_NEAR(expected_calibration_error(points), 0.45, 1e-9);
  // Ten more at 0.25, two right: each band's gap counts by its share.
  for (int i = 0; i < 10; ++i) {
    points.push_back({0.25, i < 2});
  }
  EXPECT_NEAR(expected_calibration_error(points), (0.45 + 0.05) / 2, 1e-9);
  EXPECT_EQ(expected_calibration_error({}), 0);

  // Only questions the ranking scored count, and an out-of-scope one is never right.
  evaluation_report report;
  decision ranked = made(route::answer, "a", {"a"});
  ranked.confidence = 0.9;
  ranked.evidence = knowledge::match_evidence{};
  add_to_report(report, score(labelled("a"), ranked));
  add_to_report(report, score(labelled("-"), ranked));
  add_to_report(report, score(labelled("a"), made(route::handoff, "human-handoff")));
  ASSERT_EQ(report.calibration.size(), 2u);
  EXPECT_TRUE(report.calibration[0].right);
  EXPECT_FALSE(report.calibration[1].right);
  EXPECT_NE(format_report(report).find("calibration error:      0.400 (2 ranked questions"),
            std::string::npos);
}

}  // namespace
}  // namespace madoguchi::bot
