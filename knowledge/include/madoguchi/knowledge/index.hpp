// File: index.hpp
//
// An immutable, in-memory inverted index over the published entries of every tenant. Ranking is
// BM25 over weighted fields (title, example questions, keywords, answer) of MeCab words mapped to
// their synonym groups, with a bonus for shared compound nouns and a back-off to character
// bigrams of the word and its reading for words the tenant's entries never use (typos,
// hiragana spellings of kanji words, words MeCab does not know).
//
// Example:
//   auto kb = std::make_shared<const knowledge::index>(entries, analyzer);
//   knowledge::ranking r = kb->rank("osaka-pref", "セミナーの申し込み方法", 5);
//   r.candidates[0].match->id;   // "osaka-boost-seminar"
//
// Thread safety: immutable after construction; any number of threads may rank concurrently.
// A staff edit builds a new index and swaps it in through index_holder (snapshot.hpp).
#pragma once

#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/nlp/analyzer.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::knowledge {

struct candidate {
  const entry* match = nullptr;  // points into the index that produced it
  double score = 0;              // relevance; comparable only within one ranking
};

struct ranking {
  std::vector<candidate> candidates;  // best first
  // 0..1, calibrated on the evaluation sets so that it reads as the chance that the best entry
  // answers the question: see src/confidence.cpp.
  double confidence = 0;
  // Confidence of the best entry minus that of the runner-up.
  double margin = 0;
};

class index {
 public:
  // Indexes `entries` (of any tenants), analysing them on up to `threads` threads (0: one per
  // core). The index shares the analyzer.
  index(std::vector<entry> entries, std::shared_ptr<const nlp::analyzer> analyzer,
        unsigned threads = 0);
  ~index();
  index(const index&) = delete;
  index& operator=(const index&) = delete;

  // The best `top_n` entries of `tenant` for the raw question `text` (normalised here). With
  // `today`, entries outside their validity window (valid_from … valid_until) are left out.
  // An unknown tenant or a question without content words gives an empty ranking.
  ranking rank(std::string_view tenant, std::string_view text, std::size_t top_n,
               std::optional<std::chrono::year_month_day> today = std::nullopt) const;

  // The entry `id` of `tenant`, or nullptr.
  const entry* find(std::string_view tenant, std::string_view id) const;

  bool has_tenant(std::string_view tenant) const;

  // The analyzer the index reads questions with (the safety detector reads messages with it too).
  const nlp::analyzer& analyzer() const { return *analyzer_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct tenant_index;  // defined in index.cpp

  std::vector<entry> entries_;
  std::shared_ptr<const nlp::analyzer> analyzer_;
  std::map<std::string, std::unique_ptr<tenant_index>, std::less<>> tenants_;
};

}  // namespace madoguchi::knowledge
