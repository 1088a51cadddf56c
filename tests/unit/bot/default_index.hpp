// The embedded default knowledge base indexed with the real analyzer, built once per test
// binary: the fixture of the bot tests that run over the shipped content.
#pragma once

#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/knowledge/index.hpp"

namespace madoguchi::bot {

inline const knowledge::index& default_index() {
  static const knowledge::index built(
      knowledge::embedded_default_content().entries,
      nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR}));
  return built;
}

}  // namespace madoguchi::bot
