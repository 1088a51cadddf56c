// BM25 ranking over weighted entry fields.
#include "madoguchi/knowledge/index.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace madoguchi::knowledge {
namespace {

// BM25 parameters. b is below the usual 0.75 because an entry with many example questions is not
// "longer" in the sense BM25 penalises: each question is another way to ask the same thing.
constexpr double k1 = 1.2;
constexpr double b = 0.4;

// How much one occurrence in each field counts.
constexpr double title_weight = 2.0;
constexpr double question_weight = 1.0;
constexpr double keyword_weight = 1.5;
constexpr double answer_weight = 0.3;

}  // namespace

index::index(std::vector<entry> entries, std::shared_ptr<const nlp::analyzer> analyzer)
    : entries_(std::move(entries)), analyzer_(std::move(analyzer)) {
  for (std::size_t document = 0; document < entries_.size(); ++document) {
    add_document(tenants_[entries_[document].tenant], document);
  }
  for (auto& [name, t] : tenants_) {
    double total = 0;
    for (const auto& [document, length] : t.lengths) {
      total += length;
    }
    t.average_length = t.documents.empty() ? 1 : std::max(1.0, total / t.documents.size());
  }
}

void index::add_document(tenant_index& t, std::size_t document) {
  const entry& e = entries_[document];
  std::unordered_map<std::string, double> frequencies;
  double length = 0;
  const auto add_field = [&](std::string_view text, double weight) {
    for (std::string& term : analyzer_->terms(nlp::normalize(text))) {
      frequencies[std::move(term)] += weight;
      length += weight;
    }
  };
  add_field(e.title, title_weight);
  for (const std::string& question : e.questions) {
    add_field(question, question_weight);
  }
  for (const std::string& keyword : e.keywords) {
    add_field(keyword, keyword_weight);
  }
  add_field(e.answer, answer_weight);

  t.documents.push_back(document);
  t.lengths[document] = length;
  for (auto& [term, frequency] : frequencies) {
    t.postings[term].push_back({document, frequency});
  }
}

double index::idf(const tenant_index& t, std::size_t document_frequency) const {
  const double n = static_cast<double>(t.documents.size());
  const double df = static_cast<double>(document_frequency);
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

ranking index::rank(std::string_view tenant, std::string_view text, std::size_t top_n) const {
  ranking result;
  const auto found = tenants_.find(tenant);
  if (found == tenants_.end()) {
    return result;
  }
  const tenant_index& t = found->second;
  const std::vector<std::string> terms = analyzer_->terms(nlp::normalize(text));
  const std::set<std::string> unique_terms(terms.begin(), terms.end());

  struct accumulator {
    double score = 0;
    double covered = 0;  // IDF mass of the query terms the document contains
  };
  std::unordered_map<std::size_t, accumulator> scores;
  double information = 0;  // IDF mass of all query terms
  for (const std::string& term : unique_terms) {
    const auto postings = t.postings.find(term);
    if (postings == t.postings.end()) {
      information += idf(t, 0);
      continue;
    }
    const double term_idf = idf(t, postings->second.size());
    information += term_idf;
    for (const posting& p : postings->second) {
      const double norm = k1 * (1 - b + b * t.lengths.at(p.document) / t.average_length);
      accumulator& a = scores[p.document];
      a.score += term_idf * p.term_frequency * (k1 + 1) / (p.term_frequency + norm);
      a.covered += term_idf;
    }
  }

  std::vector<candidate> ranked;
  std::unordered_map<const entry*, double> coverage;
  ranked.reserve(scores.size());
  for (const auto& [document, a] : scores) {
    ranked.push_back({&entries_[document], a.score});
    coverage[&entries_[document]] = a.covered;
  }
  // Ties broken by id so that rankings are deterministic across runs and platforms.
  std::sort(ranked.begin(), ranked.end(), [](const candidate& x, const candidate& y) {
    return x.score != y.score ? x.score > y.score : x.match->id < y.match->id;
  });
  if (ranked.size() > top_n) {
    ranked.resize(top_n);
  }
  if (!ranked.empty() && information > 0) {
    result.confidence = coverage[ranked[0].match] / information;
    const double runner_up = ranked.size() > 1 ? coverage[ranked[1].match] / information : 0;
    result.margin = result.confidence - runner_up;
  }
  result.candidates = std::move(ranked);
  return result;
}

const entry* index::find(std::string_view tenant, std::string_view id) const {
  const auto found = tenants_.find(tenant);
  if (found == tenants_.end()) {
    return nullptr;
  }
  for (std::size_t document : found->second.documents) {
    if (entries_[document].id == id) {
      return &entries_[document];
    }
  }
  return nullptr;
}

bool index::has_tenant(std::string_view tenant) const {
  return tenants_.contains(tenant);
}

}  // namespace madoguchi::knowledge
