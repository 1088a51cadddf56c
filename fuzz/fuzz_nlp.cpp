// A citizen's message through normalisation, MeCab analysis (IPA dictionary from
// mecab-ipadic-utf8 and the embedded user dictionary), the safety detector (its rules and learned
// model) and retrieval over the default knowledge base. The analyzer and the index are built once;
// every input only reads them.
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/knowledge/index.hpp"
#include "madoguchi/nlp/analyzer.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "madoguchi/nlp/vocabulary.hpp"
#include "madoguchi/telemetry/log.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace madoguchi;

struct fixture {
  std::shared_ptr<const nlp::analyzer> analyzer;
  std::unique_ptr<const knowledge::index> index;
  std::vector<std::string> tenants;
};

const fixture& shared() {
  static const fixture instance = [] {
    telemetry::set_log_level(telemetry::level::error);
    fixture f;
    f.analyzer = nlp::analyzer::create({});
    bot::prepare_safety(*f.analyzer);
    const knowledge::default_content& content = knowledge::embedded_default_content();
    for (const knowledge::tenant& t : content.tenants) {
      f.tenants.push_back(t.id);
    }
    f.index = std::make_unique<const knowledge::index>(content.entries, f.analyzer, 1);
    return f;
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)shared();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fixture& f = shared();
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::string normalized = nlp::normalize(text);
  if (nlp::sanitize_utf8(normalized) != normalized) {
    __builtin_trap();  // normalize must return valid UTF-8
  }
  std::size_t length = 0;
  for (const std::string_view c : nlp::characters_of(normalized)) {
    length += c.size();
  }
  if (length != normalized.size()) {
    __builtin_trap();  // the characters must cover the text
  }
  (void)nlp::fold_kana(normalized);
  (void)nlp::matching_key(normalized);

  const nlp::analysis analysis = f.analyzer->analyze(normalized);
  (void)analysis;

  const bot::safety_assessment safety = bot::assess_safety(*f.analyzer, normalized);
  if (safety.level != bot::safety_level::none && safety.signal.empty()) {
    __builtin_trap();  // every safety decision names its signal
  }

  const std::string& tenant = f.tenants[size % f.tenants.size()];
  using namespace std::chrono;
  const knowledge::ranking ranking =
      f.index->rank(tenant, text, 5, year_month_day{year{2026}, month{12}, day{2}});
  if (ranking.candidates.size() > 5 || ranking.confidence < 0 || ranking.confidence > 1) {
    __builtin_trap();
  }
  for (const knowledge::candidate& c : ranking.candidates) {
    if (c.match == nullptr || c.match->tenant != tenant) {
      __builtin_trap();
    }
  }
  return 0;
}
