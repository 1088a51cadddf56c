// File: evaluation.hpp
//
// Scoring of the bot's decisions against labelled questions, by the rules of
// shared/spec/knowledge-base.md: an ordinary entry is right when answered with exactly that entry
// (a clarify offering it among the first three is a near hit); `-` is right when the bot neither
// answers nor takes the safety route; a safety entry is right when the bot takes the safety route.
// Pure: the caller runs the bot and feeds the decisions in.
#pragma once

#include "madoguchi/bot/decision.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace madoguchi::bot {

// One line of an evaluation file: `tenant<TAB>question<TAB>expected[<TAB>kind]`. `expected` is an
// entry id, several ids separated by `|` when any of them is right, or `-` for out of scope; the
// optional `kind` groups lines in the report (eval/safety/: child-writing, idiom, …).
struct labelled_question {
  std::size_t line = 0;  // 1-based line number in the file
  std::string tenant;
  std::string text;
  std::vector<std::string> expected;  // empty: out of scope
  std::string kind;                   // empty when the file has no fourth column
};

struct evaluation_file_error {
  std::size_t line = 0;
  std::string message;
};

// Parses an evaluation file. Blank lines and lines starting with `#` are skipped. Every malformed
// line is reported (none is scored when any is).
std::variant<std::vector<labelled_question>, std::vector<evaluation_file_error>>
parse_evaluation_file(std::string_view text);

enum class label_kind { in_scope, out_of_scope, safety };

enum class outcome {
  right,        // the expected behaviour
  near_hit,     // in scope: a clarify that offers an expected entry among its first three
  missed,       // in scope: clarify without it, fallback or handoff (honest, but no answer)
  wrong,        // an answer with an entry that was not expected
  false_safety  // the safety route for a question that did not call for it
};

struct scored_question {
  labelled_question question;
  label_kind kind = label_kind::in_scope;
  outcome result = outcome::right;
  bool ranked_first = false;  // in scope: the first candidate is an expected entry, whatever the
                              // decision (the ranking's own top-1)
  std::size_t rank = 0;       // in scope: 1-based place of the first expected candidate; 0 if none
  decision made;
};

// The safety figures of the lines of one kind.
struct kind_tally {
  std::size_t lines = 0;
  std::size_t safety = 0, safety_right = 0;  // lines expecting the safety route, and routed there
  std::size_t false_safety_routes = 0;
  std::size_t wrong_answers = 0;
  std::size_t consultation_lines = 0;  // replies that ended with a concern's consultation line
};

// One question the ranking answered with a confidence: was its best entry right? (Out-of-scope
// questions count as wrong: nothing should have been confident.)
struct calibration_point {
  double confidence = 0;
  bool right = false;
};

struct evaluation_report {
  std::size_t in_scope = 0, in_scope_right = 0, near_hits = 0, ranked_first = 0;
  std::size_t ranked_in_top3 = 0, ranked_in_top10 = 0;
  double reciprocal_ranks = 0;  // sum over in-scope questions, of 1/rank within the first ten
  std::size_t out_of_scope = 0, out_of_scope_right = 0;
  std::size_t safety = 0, safety_right = 0;
  std::size_t wrong_answers = 0;  // answers (route::answer) with an unexpected entry, any kind
  std::size_t answers = 0;        // every route::answer decision
  std::size_t false_safety_routes = 0;
  std::size_t consultation_lines = 0;
  std::map<std::string, kind_tally> by_kind;   // lines with a kind column, by kind
  std::vector<scored_question> misses;         // everything not right, in file order
  std::vector<calibration_point> calibration;  // every question that was ranked, but safety
};

// Scores one decision.
scored_question score(const labelled_question& question, const decision& made);

// Adds a scored question to the report.
void add_to_report(evaluation_report& report, scored_question scored);

// Expected calibration error of `points` over ten bands of confidence: the mean gap between
// predicted and observed rates, weighted by the band's share of the points.
double expected_calibration_error(const std::vector<calibration_point>& points);

// The report as text: the rates, the calibration by band, then every miss with what the bot did
// instead.
std::string format_report(const evaluation_report& report);

}  // namespace madoguchi::bot
