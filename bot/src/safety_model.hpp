// The learned backstop of the safety detector: a multinomial logistic model over hashed features
// of the analysed message (character pairs and triples of the written text, MeCab's base forms
// and readings and their pairs, latin words and their pairs), trained on the labelled messages
// embedded with the binary (bot/data/safety_train_*.tsv, eval/safety/tune*.tsv and the default
// knowledge base's example questions; never the kept set eval/safety/kept.tsv). It knows wordings
// no rule lists; the rules keep the last word on context (safety.cpp).
#pragma once

#include "madoguchi/nlp/analyzer.hpp"
#include "safety_text.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace madoguchi::bot::safety_internal {

enum class model_class : std::uint8_t { none, self_harm, abuse };
constexpr std::size_t model_classes = 3;

// The hashed feature indexes of a message (duplicates removed).
std::vector<std::uint32_t> features_of(const analysed_message& message,
                                       const std::vector<nlp::token>& tokens);

// The same of a part of a message: its written text (folded, as analyse writes it), its latin
// words (" word … ") and its tokens.
std::vector<std::uint32_t> features_of(std::string_view written, std::string_view latin,
                                       std::span<const nlp::token> tokens);

struct labelled_features {
  std::vector<std::uint32_t> features;
  model_class label = model_class::none;
};

class safety_model {
 public:
  // Trains on `examples` (deterministic: same examples, same model), then moves the model from
  // the examples' share of danger (about half) to `danger_prior`, the share it expects among the
  // messages it will read, so that a message with little evidence leans to none.
  static safety_model train(const std::vector<labelled_features>& examples, double danger_prior);

  // The probability of each class, by model_class.
  std::array<double, model_classes> predict(const std::vector<std::uint32_t>& features) const;

 private:
  std::vector<float> weights_;  // [feature * model_classes + class]
  std::array<float, model_classes> bias_{};
};

// The training examples embedded with the binary, analysed with `analyzer`.
std::vector<labelled_features> embedded_training_examples(const nlp::analyzer& analyzer);

// The model trained on the embedded examples, on first use (about 0.1 s).
const safety_model& embedded_model(const nlp::analyzer& analyzer);

}  // namespace madoguchi::bot::safety_internal
