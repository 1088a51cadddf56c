// File: confidence.hpp (internal)
//
// From what the ranking measured to a confidence that reads as a probability: the chance that the
// best entry is the one that answers the question.
#pragma once

#include "madoguchi/knowledge/index.hpp"

namespace madoguchi::knowledge {

// 0..1: a logistic model of the evidence (coefficients in confidence.cpp).
double confidence_of(const match_evidence& evidence);

}  // namespace madoguchi::knowledge
