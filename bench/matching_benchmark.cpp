// How long matching takes: building the index of the default knowledge base, and one decision
// (normalise, MeCab, rank, decide) for typical questions; then the same against synthetic
// knowledge bases of one tenant with 1,000, 10,000 and 100,000 entries, including how much heap
// the index keeps. Targets (the matching issue), at 10,000 entries on one core: a decision under
// 200 µs median, a build under 2 s and under 100 MB.
#include "madoguchi/bot/responder.hpp"
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "synthetic_kb.hpp"

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

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

// The safety detector on a crisis, an ordinary question and a long message, with MeCab timed
// (with_mecab) or on MeCab's tokens (on_tokens), as decide() runs it: one MeCab pass serves the
// safety check and the ranking. Target (the safety issue): at most 20 µs per message.
constexpr const char* child_writing_message = "ぱぱが まいにち なぐる";
constexpr const char* ordinary_message = "セミナーの申し込み方法を教えてください";
constexpr const char* long_message =
    "飲食店やってます。中小企業向けのインスタ活用セミナーに参加したいんですが、"
    "日程と申し込み方法と、オンラインで参加できるかどうかを教えてください。";
void assess_safety(benchmark::State& state, const char* text, bool with_mecab) {
  const std::shared_ptr<const nlp::analyzer> analyzer = shared_analyzer();
  const std::string normalized = nlp::normalize(text);
  const std::vector<nlp::token> tokens = analyzer->tokenize(normalized);
  benchmark::DoNotOptimize(bot::assess_safety(*analyzer, normalized));  // rules compiled untimed
  for (auto _ : state) {
    benchmark::DoNotOptimize(with_mecab ? bot::assess_safety(*analyzer, normalized)
                                        : bot::assess_safety(*analyzer, normalized, tokens));
  }
}
BENCHMARK_CAPTURE(assess_safety, child_writing_with_mecab, child_writing_message, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(assess_safety, ordinary_with_mecab, ordinary_message, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(assess_safety, long_message_with_mecab, long_message, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(assess_safety, child_writing_on_tokens, child_writing_message, false)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(assess_safety, ordinary_on_tokens, ordinary_message, false)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(assess_safety, long_message_on_tokens, long_message, false)
    ->Unit(benchmark::kMicrosecond);

// Questions asked of the synthetic knowledge bases.
constexpr const char* keyword_question = "セミナー 申込";
constexpr const char* sentence_question =  // 40 characters
    "引っ越してきたのですが、転入届と一緒にマイナンバーカードの住所変更もできますか？";
constexpr const char* out_of_scope_question = "近くでおいしいラーメン屋さんを教えてください";
constexpr const char* typo_question = "住民表をコンビ二で取りたいんですけど";  // 票 → 表, ニ → 二

// Heap bytes in use: small blocks from the arenas plus the blocks malloc maps on its own (large
// vectors and tables), which uordblks alone leaves out.
std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

constexpr double bytes_per_megabyte = 1e6;

// Builds an index of `entry_count` synthetic entries per iteration. Reports the heap the index
// keeps once built (heap_MB, including the entries it owns) and, for comparison, the heap of
// the entries alone (entries_MB); build time excludes copying the entries in.
void build_synthetic_index(benchmark::State& state) {
  const auto entry_count = static_cast<std::size_t>(state.range(0));
  const std::vector<knowledge::entry> entries = bench::synthetic_entries(entry_count);
  const std::shared_ptr<const nlp::analyzer> analyzer = shared_analyzer();  // loaded untimed
  std::size_t entry_bytes = 0;
  std::size_t index_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::size_t before_copy = heap_in_use();
    std::vector<knowledge::entry> copy = entries;
    const std::size_t before_build = heap_in_use();
    entry_bytes = before_build - before_copy;
    state.ResumeTiming();

    auto built = std::make_unique<const knowledge::index>(std::move(copy), analyzer);

    state.PauseTiming();
    index_bytes = heap_in_use() - before_copy;
    built.reset();
    state.ResumeTiming();
  }
  state.counters["entries"] = static_cast<double>(entry_count);
  state.counters["heap_MB"] = static_cast<double>(index_bytes) / bytes_per_megabyte;
  state.counters["entries_MB"] = static_cast<double>(entry_bytes) / bytes_per_megabyte;
}
// The index may analyse on several threads: wall time, and the CPU time of all of them.
BENCHMARK(build_synthetic_index)
    ->Arg(1'000)
    ->Arg(10'000)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(build_synthetic_index)
    ->Arg(100'000)
    ->Iterations(1)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// One index per size, built on first use and kept for the whole run: every question and
// repetition ranks against the same one.
const knowledge::index& synthetic_index(std::size_t entry_count) {
  static std::map<std::size_t, std::unique_ptr<const knowledge::index>> built;
  std::unique_ptr<const knowledge::index>& slot = built[entry_count];
  if (!slot) {
    slot = std::make_unique<const knowledge::index>(bench::synthetic_entries(entry_count),
                                                    shared_analyzer());
  }
  return *slot;
}

// The label shows the route taken, to check that each question exercises what its name says.
void decide_synthetic(benchmark::State& state, const char* text) {
  const knowledge::index& kb = synthetic_index(static_cast<std::size_t>(state.range(0)));
  bot::message question;
  question.text = text;
  bot::decision decided;
  for (auto _ : state) {
    decided = bot::decide(kb, bench::synthetic_tenant, question, {});
    benchmark::DoNotOptimize(decided);
  }
  state.SetLabel(std::string(bot::to_string(decided.chosen)));
  state.counters["confidence"] = decided.confidence;
}

// Medians over five repetitions: the machine is shared, and the mean hides a noisy neighbour.
void per_knowledge_base_size(benchmark::internal::Benchmark* b) {
  b->Arg(1'000)->Arg(10'000)->Arg(100'000);
  b->Repetitions(5)->ReportAggregatesOnly(true)->Unit(benchmark::kMicrosecond);
}
BENCHMARK_CAPTURE(decide_synthetic, keywords, keyword_question)->Apply(per_knowledge_base_size);
BENCHMARK_CAPTURE(decide_synthetic, sentence, sentence_question)->Apply(per_knowledge_base_size);
BENCHMARK_CAPTURE(decide_synthetic, out_of_scope, out_of_scope_question)
    ->Apply(per_knowledge_base_size);
BENCHMARK_CAPTURE(decide_synthetic, typo, typo_question)->Apply(per_knowledge_base_size);

}  // namespace

BENCHMARK_MAIN();
