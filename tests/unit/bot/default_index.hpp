// The embedded default knowledge base indexed with the real analyzer, built once per test
// binary: the fixture of the bot tests that run over the shipped content.
#pragma once

#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/knowledge/index.hpp"

#include <memory>

namespace madoguchi::bot {

inline std::shared_ptr<const nlp::analyzer> test_analyzer() {
  static const std::shared_ptr<const nlp::analyzer> analyzer =
      nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR});
  return analyzer;
}

inline const knowledge::index& default_index() {
  static const knowledge::index built(knowledge::embedded_default_content().entries,
                                      test_analyzer());
  return built;
}

}  // namespace madoguchi::bot
