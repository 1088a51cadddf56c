// File: confidence.hpp (internal)
//
// From what the ranking measured to a confidence that reads as a probability: the chance that the
// best entry is the one that answers the question.
#pragma once

namespace madoguchi::knowledge {

struct match_evidence {
  // Shares (0..1) of the question's information — the weighted IDF mass of its distinct words —
  // that the entry contains: anywhere in it, and within its best single title or example question.
  double entry_coverage = 0;
  double question_coverage = 0;
  // (best score - runner-up's score) / best score: 0 for a tie, 1 with no runner-up.
  double lead = 0;
  // The question's information itself: a long question whose words the entry covers is surer
  // evidence than one word that happens to match.
  double information = 0;
};

// 0..1: a logistic model of the evidence (coefficients in confidence.cpp).
double confidence_of(const match_evidence& evidence);

}  // namespace madoguchi::knowledge
