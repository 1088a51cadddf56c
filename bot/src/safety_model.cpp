#include "safety_model.hpp"

#include "embedded_safety_train_abuse_tsv.hpp"
#include "embedded_safety_train_farewells_tsv.hpp"
#include "embedded_safety_train_indirect_tsv.hpp"
#include "embedded_safety_train_municipal_tsv.hpp"
#include "embedded_safety_train_plain_voices_tsv.hpp"
#include "embedded_safety_train_self_harm_tsv.hpp"
#include "embedded_safety_train_voices_tsv.hpp"
#include "embedded_tune_10_tsv.hpp"
#include "embedded_tune_11_tsv.hpp"
#include "embedded_tune_12_tsv.hpp"
#include "embedded_tune_13_tsv.hpp"
#include "embedded_tune_14_tsv.hpp"
#include "embedded_tune_2_tsv.hpp"
#include "embedded_tune_3_tsv.hpp"
#include "embedded_tune_4_tsv.hpp"
#include "embedded_tune_5_tsv.hpp"
#include "embedded_tune_6_tsv.hpp"
#include "embedded_tune_7_tsv.hpp"
#include "embedded_tune_8_tsv.hpp"
#include "embedded_tune_9_tsv.hpp"
#include "embedded_tune_tsv.hpp"
#include "madoguchi/bot/evaluation.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "safety_rules.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>

namespace madoguchi::bot::safety_internal {
namespace {

constexpr std::uint32_t feature_bits = 18;
constexpr std::uint32_t feature_count = 1u << feature_bits;

// FNV-1a over a kind tag and the bytes, folded to feature_bits.
std::uint32_t hashed(char kind, std::string_view a, std::string_view b = {}) {
  std::uint32_t h = 2166136261u;
  const auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 16777619u;
  };
  mix(static_cast<unsigned char>(kind));
  for (const char c : a) {
    mix(static_cast<unsigned char>(c));
  }
  mix(0xFF);
  for (const char c : b) {
    mix(static_cast<unsigned char>(c));
  }
  return (h ^ (h >> feature_bits)) & (feature_count - 1);
}

void add_character_ngrams(char kind, std::string_view text, std::vector<std::uint32_t>& out) {
  const std::string framed = "^" + std::string(text) + "$";
  const std::vector<std::string_view> c = nlp::characters_of(framed);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const char* begin = c[i].data();
    for (std::size_t n = 2; n <= 3 && i + n <= c.size(); ++n) {
      const char* end = c[i + n - 1].data() + c[i + n - 1].size();
      out.push_back(hashed(static_cast<char>(kind + n), std::string_view(begin, end - begin)));
    }
  }
}

bool is_content(const nlp::token& t) {
  return t.part_of_speech == "名詞" || t.part_of_speech == "動詞" || t.part_of_speech == "形容詞" ||
         t.part_of_speech == "副詞" || t.part_of_speech == "助動詞";
}

model_class class_of(const labelled_question& q) {
  for (const std::string& id : q.expected) {
    if (id == knowledge::well_known::crisis_self_harm) {
      return model_class::self_harm;
    }
    if (id == knowledge::well_known::crisis_abuse) {
      return model_class::abuse;
    }
  }
  return model_class::none;
}

}  // namespace

std::vector<std::uint32_t> features_of(const analysed_message& message,
                                       const std::vector<nlp::token>& tokens) {
  return features_of(message.written.text, message.latin, tokens);
}

std::vector<std::uint32_t> features_of(std::string_view written, std::string_view latin,
                                       std::span<const nlp::token> tokens) {
  std::vector<std::uint32_t> out;
  add_character_ngrams('w', written, out);
  // Readings by word, not as characters: 市に対して must not read as しにたい.
  std::string previous = "^";
  std::string previous_reading = "^";
  for (const nlp::token& t : tokens) {
    const std::string base = nlp::fold_kana(t.base_form);
    out.push_back(hashed('b', base));
    out.push_back(hashed('p', previous, base));
    if (is_content(t)) {
      previous = base;
    }
    const std::string reading = nlp::fold_kana(t.reading.empty() ? t.surface : t.reading);
    out.push_back(hashed('k', reading));
    out.push_back(hashed('q', previous_reading, reading));
    previous_reading = reading;
  }
  std::string_view previous_word = "^";
  while (!latin.empty()) {
    const std::size_t start = latin.find_first_not_of(' ');
    if (start == std::string_view::npos) {
      break;
    }
    latin.remove_prefix(start);
    const std::string_view word = latin.substr(0, latin.find(' '));
    out.push_back(hashed('l', word));
    out.push_back(hashed('m', previous_word, word));
    previous_word = word;
    latin.remove_prefix(word.size());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

safety_model safety_model::train(const std::vector<labelled_features>& examples,
                                 double danger_prior) {
  safety_model m;
  m.weights_.assign(static_cast<std::size_t>(feature_count) * model_classes, 0.0f);
  std::vector<float> squared(m.weights_.size(), 0.0f);  // AdaGrad's sums of squared gradients
  std::array<float, model_classes> bias_squared{};
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 shuffle(20261207);
  // Chosen on tune.tsv with the model trained without it: stronger regularisation kept recall
  // and halved the false routes of a faster, weaker-regularised fit.
  constexpr int epochs = 20;
  constexpr float rate = 0.05f;
  constexpr float l2 = 3e-3f;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), shuffle);
    for (const std::size_t i : order) {
      const labelled_features& e = examples[i];
      const auto p = m.predict(e.features);
      for (std::size_t k = 0; k < model_classes; ++k) {
        const float gradient =
            static_cast<float>(p[k]) - (static_cast<std::size_t>(e.label) == k ? 1.0f : 0.0f);
        bias_squared[k] += gradient * gradient;
        m.bias_[k] -= rate * gradient / std::sqrt(bias_squared[k] + 1e-6f);
        for (const std::uint32_t f : e.features) {
          float& w = m.weights_[f * model_classes + k];
          const float g = gradient + l2 * w;
          float& s = squared[f * model_classes + k];
          s += g * g;
          w -= rate * g / std::sqrt(s + 1e-6f);
        }
      }
    }
  }
  // Prior shift (Saerens et al. 2002): add log(target share / training share) to each class.
  std::array<double, model_classes> seen{};
  for (const labelled_features& e : examples) {
    seen[static_cast<std::size_t>(e.label)] += 1;
  }
  const double danger_seen = seen[1] + seen[2];
  if (danger_seen > 0 && seen[0] > 0) {
    m.bias_[0] += static_cast<float>(std::log((1 - danger_prior) / (seen[0] / examples.size())));
    for (std::size_t k = 1; k < model_classes; ++k) {
      if (seen[k] > 0) {
        const double target = danger_prior * seen[k] / danger_seen;
        m.bias_[k] += static_cast<float>(std::log(target / (seen[k] / examples.size())));
      }
    }
  }
  return m;
}

std::array<double, model_classes> safety_model::predict(
    const std::vector<std::uint32_t>& features) const {
  std::array<double, model_classes> score{};
  for (std::size_t k = 0; k < model_classes; ++k) {
    score[k] = bias_[k];
  }
  for (const std::uint32_t f : features) {
    for (std::size_t k = 0; k < model_classes; ++k) {
      score[k] += weights_[f * model_classes + k];
    }
  }
  const double top = *std::max_element(score.begin(), score.end());
  double sum = 0;
  for (double& s : score) {
    s = std::exp(s - top);
    sum += s;
  }
  for (double& s : score) {
    s /= sum;
  }
  return score;
}

std::vector<labelled_features> embedded_training_examples(const nlp::analyzer& analyzer) {
  std::vector<labelled_features> examples;
  for (const std::string_view file : {embedded::safety_train_self_harm_tsv(),
                                      embedded::safety_train_abuse_tsv(),
                                      embedded::safety_train_indirect_tsv(),
                                      embedded::safety_train_voices_tsv(),
                                      embedded::safety_train_municipal_tsv(),
                                      embedded::safety_train_plain_voices_tsv(),
                                      embedded::safety_train_farewells_tsv(),
                                      embedded::tune_tsv(),
                                      embedded::tune_2_tsv(),
                                      embedded::tune_3_tsv(),
                                      embedded::tune_4_tsv(),
                                      embedded::tune_5_tsv(),
                                      embedded::tune_6_tsv(),
                                      embedded::tune_7_tsv(),
                                      embedded::tune_8_tsv(),
                                      embedded::tune_9_tsv(),
                                      embedded::tune_10_tsv(),
                                      embedded::tune_11_tsv(),
                                      embedded::tune_12_tsv(),
                                      embedded::tune_13_tsv(),
                                      embedded::tune_14_tsv()}) {
    const auto parsed = parse_evaluation_file(file);
    const auto* questions = std::get_if<std::vector<labelled_question>>(&parsed);
    if (questions == nullptr) {
      throw std::logic_error(
          "an embedded safety training file is malformed; run madoguchi eval "
          "on bot/data/safety_train_*.tsv to see where");
    }
    for (const labelled_question& q : *questions) {
      const std::string normalized = nlp::normalize(q.text);
      const auto tokens = analyzer.tokenize(normalized);
      examples.push_back({features_of(analyse(normalized, tokens), tokens), class_of(q)});
    }
  }
  // The default knowledge base's own example questions: what citizens ask that is no crisis (and
  // the crisis entries' examples, that are).
  std::set<std::string> seen;
  for (const knowledge::entry& e : knowledge::embedded_default_content().entries) {
    const model_class label = e.id == knowledge::well_known::crisis_self_harm
                                  ? model_class::self_harm
                              : e.id == knowledge::well_known::crisis_abuse ? model_class::abuse
                                                                            : model_class::none;
    for (const std::string& question : e.questions) {
      if (seen.insert(question).second) {
        const std::string normalized = nlp::normalize(question);
        const auto tokens = analyzer.tokenize(normalized);
        examples.push_back({features_of(analyse(normalized, tokens), tokens), label});
      }
    }
  }
  return examples;
}

const safety_model& embedded_model(const nlp::analyzer& analyzer) {
  static const safety_model trained = safety_model::train(embedded_training_examples(analyzer),
                                                          embedded_rules().model_danger_prior);
  return trained;
}

}  // namespace madoguchi::bot::safety_internal
