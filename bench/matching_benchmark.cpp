// How long matching takes: building the index of the default knowledge base, and one decision
// (normalise, MeCab, rank, decide) for typical questions.
#include "madoguchi/bot/responder.hpp"
#include "madoguchi/knowledge/default_content.hpp"

#include <benchmark/benchmark.h>

#include <memory>

namespace {

using namespace madoguchi;

std::shared_ptr<const nlp::analyzer> shared_analyzer() {
  static const std::shared_ptr<const nlp::analyzer> instance = nlp::analyzer::create({});
  return instance;
}

void build_default_index(benchmark::State& state) {
  const auto& content = knowledge::embedded_default_content();
  for (auto _ : state) {
    knowledge::index built(content.entries, shared_analyzer());
    benchmark::DoNotOptimize(built.size());
  }
  state.counters["entries"] = static_cast<double>(content.entries.size());
}
BENCHMARK(build_default_index)->Unit(benchmark::kMillisecond);

void decide(benchmark::State& state, const char* text) {
  const knowledge::index kb(knowledge::embedded_default_content().entries, shared_analyzer());
  bot::message question;
  question.text = text;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bot::decide(kb, "osaka-pref", question, {}));
  }
}
BENCHMARK_CAPTURE(decide, short_question, "セミナー 申込")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(
    decide, sentence,
    "飲食店やってます。中小企業向けのインスタ活用セミナーに参加したいんですが日程は？")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(decide, safety, "もう死にたい")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
