// File: index.hpp
//
// An immutable, in-memory inverted index over the published entries of every tenant, ranked with
// BM25 over weighted fields (title, example questions, keywords, answer).
//
// Example:
//   auto kb = std::make_shared<const knowledge::index>(entries, analyzer);
//   knowledge::ranking r = kb->rank("osaka-pref", "セミナーの申し込み方法", 5);
//   r.candidates[0].entry->id;   // "osaka-boost-seminar"
//
// Thread safety: immutable after construction; any number of threads may rank concurrently.
// A staff edit builds a new index and swaps it in through index_holder (snapshot.hpp).
#pragma once

#include "madoguchi/knowledge/entry.hpp"
#include "madoguchi/nlp/analyzer.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace madoguchi::knowledge {

struct candidate {
  const entry* match = nullptr;  // points into the index that produced it
  double score = 0;              // BM25 score; comparable only within one ranking
};

struct ranking {
  std::vector<candidate> candidates;  // best first
  // 0..1: the share of the question's information (the IDF mass of its distinct terms) that
  // the best entry contains. Words the tenant's knowledge base has never seen weigh the most, so
  // off-topic questions score low even when a common word matches.
  double confidence = 0;
  // Confidence of the best entry minus that of the runner-up.
  double margin = 0;
};

class index {
 public:
  // Indexes `entries` (of any tenants). The analyzer must outlive nothing: the index shares it.
  index(std::vector<entry> entries, std::shared_ptr<const nlp::analyzer> analyzer);

  // The best `top_n` entries of `tenant` for the raw question `text` (normalised here).
  // An unknown tenant or a question without content words gives an empty ranking.
  ranking rank(std::string_view tenant, std::string_view text, std::size_t top_n) const;

  // The entry `id` of `tenant`, or nullptr.
  const entry* find(std::string_view tenant, std::string_view id) const;

  bool has_tenant(std::string_view tenant) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct posting {
    std::size_t document;   // index into entries_
    double term_frequency;  // field-weighted
  };
  struct tenant_index {
    std::vector<std::size_t> documents;  // indexes into entries_
    std::unordered_map<std::string, std::vector<posting>> postings;
    std::unordered_map<std::size_t, double> lengths;  // field-weighted length per document
    double average_length = 1;
  };

  double idf(const tenant_index& t, std::size_t document_frequency) const;
  void add_document(tenant_index& t, std::size_t document);

  std::vector<entry> entries_;
  std::shared_ptr<const nlp::analyzer> analyzer_;
  std::map<std::string, tenant_index, std::less<>> tenants_;
};

}  // namespace madoguchi::knowledge
