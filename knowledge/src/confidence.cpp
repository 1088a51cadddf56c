// Confidence calibration.
#include "confidence.hpp"

#include <algorithm>
#include <cmath>

namespace madoguchi::knowledge {
namespace {

// Logistic regression of "the best entry is the right one" on the evidence, fitted with
// scripts/fit-confidence across three knowledge bases weighted equally, out-of-scope questions
// labelled wrong and safety ones left out: the default base (shared/eval/dev.tsv), a city FAQ
// list of titles and answers (eval/sample-city, odd lines) and a real city's FAQ of 1,786
// entries (localgovFAQ, a quarter of its queries). Checked on what it was not fitted on (the
// default hold-out set, the city's even lines, another quarter of localgovFAQ) and with each base
// left out of the fit in turn: expected calibration error 0.06-0.15 on every one (README.md,
// "Matching quality").
constexpr double intercept = -1.431;
constexpr double per_entry_coverage = 0.795;
constexpr double per_question_coverage = 0.050;
constexpr double per_question_overlap = 3.297;
constexpr double per_runner_up_entry_coverage = -0.146;
constexpr double per_runner_up_question_coverage = -0.048;
constexpr double per_lead = 1.011;
// Information counts only as far as the entry covers it: many words the base has never seen are
// no evidence for anything.
constexpr double per_covered_information = 2.797;  // per unit of it / information_cap
constexpr double information_cap = 4;              // covered information above this adds nothing
constexpr double per_rivals = -0.687;
// The question's information the entry lacks: what the question is about and the base is not.
constexpr double per_uncovered_information = -0.722;  // per unit of it / information_cap

}  // namespace

double confidence_of(const match_evidence& e) {
  const double z =
      intercept + per_entry_coverage * e.entry_coverage +
      per_question_coverage * e.question_coverage + per_question_overlap * e.question_overlap +
      per_runner_up_entry_coverage * e.runner_up_entry_coverage +
      per_runner_up_question_coverage * e.runner_up_question_coverage + per_lead * e.lead +
      per_covered_information * std::min(e.information * e.entry_coverage, information_cap) /
          information_cap +
      per_rivals * e.rivals +
      per_uncovered_information *
          std::min(e.information * (1 - e.entry_coverage), information_cap) / information_cap;
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace madoguchi::knowledge
