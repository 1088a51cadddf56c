// BM25 ranking over weighted entry fields, with compound bonuses and a character-bigram back-off.
#include "madoguchi/knowledge/index.hpp"

#include "confidence.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <unordered_set>

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
constexpr double answer_weight = 0.6;

// A compound noun of the question found whole in the entry (情報発信支援 in 市政情報発信支援):
// a phrase match, worth this share of its IDF on top of its words.
constexpr double compound_bonus = 0.5;

// Back-off for a word no entry uses: the tenant's words whose character bigrams (of the word or
// of its reading) are at least this similar (Dice coefficient) stand in for it, weighted by
// their similarity and this factor, so a typo (出前受業) or a hiragana spelling (おおさかあいかん)
// still finds its entry but an exact match beats it.
constexpr double backoff_min_similarity = 0.6;
constexpr double backoff_weight = 0.7;
constexpr std::size_t max_similar_terms = 3;

// A word of the question that no entry of the tenant contains, even by back-off, weighs this
// much more in the question's information: it is most often what the question is about (粗大ごみ),
// and the knowledge base does not have it.
constexpr double unseen_weight = 1.5;

// A rival of the best entry: one of the next ten that covers the question as well, give or take
// this share. Many rivals mean a general question (「住民票」) over a base of specific entries.
constexpr std::size_t max_rivals = 10;
constexpr double rival_coverage_gap = 0.05;

using term_id = std::uint32_t;

std::vector<std::string> bigrams(std::string_view text) {
  const auto characters = nlp::characters_of(text);
  std::vector<std::string> grams;
  for (std::size_t i = 0; i + 1 < characters.size(); ++i) {
    grams.emplace_back(characters[i].data(), characters[i].size() + characters[i + 1].size());
  }
  return grams;
}

struct analysed_field {
  nlp::analysis words;
  double weight = 0;
  bool is_question = false;  // the title or an example question: a sentence of its own
};

std::vector<analysed_field> analyse_entry(const entry& e, const nlp::analyzer& analyzer) {
  std::vector<analysed_field> fields;
  const auto add = [&](std::string_view text, double weight, bool is_question) {
    fields.push_back({analyzer.analyze(nlp::normalize(text)), weight, is_question});
  };
  add(e.title, title_weight, true);
  for (const std::string& question : e.questions) {
    add(question, question_weight, true);
  }
  for (const std::string& keyword : e.keywords) {
    add(keyword, keyword_weight, false);
  }
  add(e.answer, answer_weight, false);
  return fields;
}

// Analyses every entry, spread over `threads` threads: MeCab is most of the cost of a build.
std::vector<std::vector<analysed_field>> analyse_all(const std::vector<entry>& entries,
                                                     const nlp::analyzer& analyzer,
                                                     unsigned threads) {
  std::vector<std::vector<analysed_field>> analysed(entries.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < entries.size(); i = next++) {
      analysed[i] = analyse_entry(entries[i], analyzer);
    }
  };
  if (threads == 0) {
    threads = std::max(1u, std::thread::hardware_concurrency());
  }
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, entries.size() / 64 + 1));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  work();
  return analysed;
}

// Per-document accumulators of one ranking, kept per thread and reused, so that ranking a question
// allocates nothing per entry. Only the slots a question touched are cleared, by the guard that
// lend() returns, however the ranking ends.
class accumulators {
 public:
  std::vector<double> score, covered;

  void add(std::uint32_t d, double to_score, double to_covered) {
    if (!touched_flag_[d]) {
      touched_flag_[d] = 1;
      touched.push_back(d);
    }
    score[d] += to_score;
    covered[d] += to_covered;
  }

  // The closest stand-in word per document, for one back-off word at a time.
  void offer_share(std::uint32_t d, double similarity) {
    if (share_[d] == 0) {
      shared_.push_back(d);
    }
    share_[d] = std::max(share_[d], similarity);
  }
  template <typename F>
  void drain_shares(F&& use) {
    for (std::uint32_t d : shared_) {
      use(d, share_[d]);
      share_[d] = 0;
    }
    shared_.clear();
  }

  std::vector<std::uint32_t> touched;

  struct lease {
    accumulators& a;
    ~lease() { a.clear(); }
  };
  static lease lend(std::size_t documents) {
    thread_local accumulators instance;
    instance.reserve(documents);
    return lease{instance};
  }

 private:
  void reserve(std::size_t documents) {
    if (score.size() < documents) {
      score.resize(documents, 0.0);
      covered.resize(documents, 0.0);
      share_.resize(documents, 0.0);
      touched_flag_.resize(documents, 0);
    }
  }
  void clear() {
    for (std::uint32_t d : touched) {
      score[d] = covered[d] = 0;
      touched_flag_[d] = 0;
    }
    touched.clear();
    for (std::uint32_t d : shared_) {
      share_[d] = 0;
    }
    shared_.clear();
  }

  std::vector<double> share_;
  std::vector<std::uint32_t> shared_;
  std::vector<std::uint8_t> touched_flag_;
};

bool is_valid_on(const entry& e, std::chrono::year_month_day today) {
  return (!e.valid_from || *e.valid_from <= today) && (!e.valid_until || today <= *e.valid_until);
}

}  // namespace

struct index::tenant_index {
  struct posting {
    std::uint32_t document;  // position in `documents`
    float term_frequency;    // field-weighted
  };
  std::vector<std::size_t> documents;  // indexes into entries_
  std::unordered_map<std::string, std::size_t> by_id;
  std::unordered_map<std::string, term_id> term_ids;
  std::vector<std::vector<posting>> postings;  // by term id
  std::unordered_map<std::string, std::vector<std::uint32_t>> compounds;
  // Character bigrams of every word (its key and its reading) -> the words that have them, and
  // each word's number of distinct bigrams: the back-off's vocabulary.
  std::unordered_map<std::string, std::vector<term_id>> key_grams, reading_grams;
  std::vector<std::uint16_t> key_gram_counts, reading_gram_counts;  // by term id
  std::vector<float> lengths;                                       // field-weighted, per document
  std::vector<std::vector<std::vector<term_id>>> sentences;  // per document: title, questions
  double average_length = 1;

  double idf(std::size_t document_frequency) const {
    const double n = static_cast<double>(documents.size());
    const double df = static_cast<double>(document_frequency);
    return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
  }

  term_id intern(const nlp::word& w) {
    const auto [at, added] = term_ids.emplace(w.key, static_cast<term_id>(postings.size()));
    if (added) {
      postings.emplace_back();
      key_gram_counts.push_back(add_grams(key_grams, w.key, at->second));
      reading_gram_counts.push_back(add_grams(reading_grams, w.reading, at->second));
    }
    return at->second;
  }

  static std::uint16_t add_grams(std::unordered_map<std::string, std::vector<term_id>>& grams,
                                 std::string_view text, term_id id) {
    const auto all = bigrams(text);
    const std::unordered_set<std::string> distinct(all.begin(), all.end());
    for (const std::string& gram : distinct) {
      grams[gram].push_back(id);
    }
    return static_cast<std::uint16_t>(std::min<std::size_t>(distinct.size(), UINT16_MAX));
  }

  // The words of the vocabulary most like `w` by the Dice coefficient of their bigrams (of the
  // key or of the reading, whichever is closer), at least `min_similarity`, best first.
  std::vector<std::pair<term_id, double>> similar_terms(const nlp::word& w,
                                                        double min_similarity) const {
    std::unordered_map<term_id, double> best;
    const auto compare = [&](const std::string& text, const auto& grams, const auto& counts) {
      const auto all = bigrams(text);
      const std::unordered_set<std::string> distinct(all.begin(), all.end());
      std::unordered_map<term_id, int> shared;
      for (const std::string& gram : distinct) {
        if (const auto found = grams.find(gram); found != grams.end()) {
          for (term_id id : found->second) {
            ++shared[id];
          }
        }
      }
      for (const auto& [id, count] : shared) {
        const double dice = 2.0 * count / static_cast<double>(distinct.size() + counts[id]);
        best[id] = std::max(best[id], dice);
      }
    };
    compare(w.key, key_grams, key_gram_counts);
    compare(w.reading, reading_grams, reading_gram_counts);
    std::vector<std::pair<term_id, double>> result;
    for (const auto& [id, similarity] : best) {
      if (similarity >= min_similarity) {
        result.emplace_back(id, similarity);
      }
    }
    std::sort(result.begin(), result.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    if (result.size() > max_similar_terms) {
      result.resize(max_similar_terms);
    }
    return result;
  }

  void add(std::size_t entry_index, const entry& e, const std::vector<analysed_field>& fields) {
    const auto document = static_cast<std::uint32_t>(documents.size());
    documents.push_back(entry_index);
    by_id.emplace(e.id, entry_index);
    std::unordered_map<term_id, double> frequencies;
    std::unordered_set<std::string> doc_compounds;
    std::vector<std::vector<term_id>> doc_sentences;
    double length = 0;
    for (const analysed_field& field : fields) {
      std::vector<term_id> sentence;
      for (const nlp::word& w : field.words.words) {
        const term_id id = intern(w);
        frequencies[id] += field.weight;
        length += field.weight;
        sentence.push_back(id);
      }
      for (const std::string& compound : field.words.compounds) {
        doc_compounds.insert(compound);
      }
      if (field.is_question) {
        std::sort(sentence.begin(), sentence.end());
        sentence.erase(std::unique(sentence.begin(), sentence.end()), sentence.end());
        doc_sentences.push_back(std::move(sentence));
      }
    }
    for (const auto& [id, frequency] : frequencies) {
      postings[id].push_back({document, static_cast<float>(frequency)});
    }
    for (const std::string& compound : doc_compounds) {
      compounds[compound].push_back(document);
    }
    lengths.push_back(static_cast<float>(length));
    sentences.push_back(std::move(doc_sentences));
  }
};

index::index(std::vector<entry> entries, std::shared_ptr<const nlp::analyzer> analyzer,
             unsigned threads)
    : entries_(std::move(entries)), analyzer_(std::move(analyzer)) {
  const auto analysed = analyse_all(entries_, *analyzer_, threads);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    auto& t = tenants_[entries_[i].tenant];
    if (!t) {
      t = std::make_unique<tenant_index>();
    }
    t->add(i, entries_[i], analysed[i]);
  }
  for (auto& [name, t] : tenants_) {
    double total = 0;
    for (float length : t->lengths) {
      total += length;
    }
    t->average_length =
        t->documents.empty() ? 1 : std::max(1.0, total / static_cast<double>(t->documents.size()));
  }
}

index::~index() = default;

ranking index::rank(std::string_view tenant, std::string_view text, std::size_t top_n,
                    std::optional<std::chrono::year_month_day> today) const {
  return rank(tenant, analyzer_->analyze(nlp::normalize(text)), top_n, today);
}

ranking index::rank(std::string_view tenant, const nlp::analysis& question, std::size_t top_n,
                    std::optional<std::chrono::year_month_day> today) const {
  ranking result;
  const auto found = tenants_.find(tenant);
  if (found == tenants_.end() || top_n == 0) {
    return result;
  }
  const tenant_index& t = *found->second;
  const std::size_t n = t.documents.size();

  const accumulators::lease lease = accumulators::lend(n);
  accumulators& acc = lease.a;
  const std::vector<double>& score = acc.score;
  const std::vector<double>& covered = acc.covered;
  std::vector<std::pair<term_id, double>> matched_terms;  // term, IDF
  double information = 0;  // IDF mass of the question's distinct words
  std::unordered_set<std::string> seen;
  for (const nlp::word& w : question.words) {
    if (!seen.insert(w.key).second) {
      continue;
    }
    if (const auto id = t.term_ids.find(w.key); id != t.term_ids.end()) {
      const auto& postings = t.postings[id->second];
      const double term_idf = w.weight * t.idf(postings.size());
      information += term_idf;
      matched_terms.emplace_back(id->second, term_idf);
      for (const tenant_index::posting& p : postings) {
        const double norm = k1 * (1 - b + b * t.lengths[p.document] / t.average_length);
        acc.add(p.document, term_idf * p.term_frequency * (k1 + 1) / (p.term_frequency + norm),
                term_idf);
      }
      continue;
    }
    // Back-off: the tenant's words most like this one stand in for it.
    const auto similar = t.similar_terms(w, backoff_min_similarity);
    if (similar.empty()) {
      information += w.weight * t.idf(0) * unseen_weight;
      continue;
    }
    const double term_idf = w.weight * t.idf(t.postings[similar.front().first].size());
    information += term_idf;
    for (const auto& [id, similarity] : similar) {
      for (const tenant_index::posting& p : t.postings[id]) {
        acc.offer_share(p.document, similarity);
      }
    }
    acc.drain_shares([&](std::uint32_t d, double similarity) {
      acc.add(d, backoff_weight * similarity * term_idf, backoff_weight * similarity * term_idf);
    });
  }
  for (const std::string& compound : question.compounds) {
    if (const auto docs = t.compounds.find(compound); docs != t.compounds.end()) {
      const double compound_idf = t.idf(docs->second.size());
      for (std::uint32_t d : docs->second) {
        acc.add(d, compound_bonus * compound_idf, 0);
      }
    }
  }
  if (information <= 0) {
    return result;
  }

  std::vector<std::uint32_t> ranked;
  for (std::uint32_t d : acc.touched) {
    if (score[d] > 0 && (!today || is_valid_on(entries_[t.documents[d]], *today))) {
      ranked.push_back(d);
    }
  }
  // Ties broken by id so that rankings are deterministic across runs and platforms.
  const auto better = [&](std::uint32_t x, std::uint32_t y) {
    return score[x] != score[y] ? score[x] > score[y]
                                : entries_[t.documents[x]].id < entries_[t.documents[y]].id;
  };
  // The best and the runner-up's confidences need the ten entries after each (their rivals):
  // the confidence does not depend on how many candidates the caller asked for.
  constexpr std::size_t evidence_depth = 2 + max_rivals;
  const std::size_t kept = std::min(ranked.size(), std::max(top_n, evidence_depth));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept),
                    ranked.end(), better);
  ranked.resize(kept);

  // The best single title or example question of a candidate: the share of the question it
  // covers, and its overlap with the question (weighted Jaccard: the shared mass over the mass
  // of either), which is low when the sentence asks about more than the question does.
  struct sentence_match {
    double coverage = 0, overlap = 0;
  };
  const auto best_sentence = [&](std::uint32_t d) {
    sentence_match best;
    for (const std::vector<term_id>& sentence : t.sentences[d]) {
      double shared = 0;
      for (const auto& [id, term_idf] : matched_terms) {
        shared += std::binary_search(sentence.begin(), sentence.end(), id) ? term_idf : 0;
      }
      double own = 0;
      for (term_id id : sentence) {
        own += t.idf(t.postings[id].size());
      }
      best.coverage = std::max(best.coverage, shared / information);
      best.overlap = std::max(best.overlap, shared / std::max(information + own - shared, 1e-9));
    }
    return best;
  };
  for (std::size_t i = 0; i < std::min(top_n, ranked.size()); ++i) {
    result.candidates.push_back({&entries_[t.documents[ranked[i]]], score[ranked[i]]});
  }
  if (!ranked.empty()) {
    const double rarest_word = t.idf(1);
    const auto evidence_of = [&](std::size_t i) {
      const std::uint32_t d = ranked[i];
      match_evidence e;
      const sentence_match sentence = best_sentence(d);
      e.entry_coverage = covered[d] / information;
      e.question_coverage = sentence.coverage;
      e.question_overlap = sentence.overlap;
      if (i + 1 < ranked.size()) {
        const std::uint32_t next = ranked[i + 1];
        e.runner_up_entry_coverage = covered[next] / information;
        e.runner_up_question_coverage = best_sentence(next).coverage;
        e.lead = (score[d] - score[next]) / score[d];
      } else {
        e.lead = 1;
      }
      std::size_t rivals = 0;
      for (std::size_t j = i + 1; j < std::min(ranked.size(), i + 1 + max_rivals); ++j) {
        rivals += covered[ranked[j]] >= covered[d] - rival_coverage_gap * information ? 1 : 0;
      }
      e.rivals = static_cast<double>(rivals) / max_rivals;
      e.information = information / rarest_word;
      return e;
    };
    result.evidence = evidence_of(0);
    result.confidence = confidence_of(result.evidence);
    const double second = ranked.size() > 1 ? confidence_of(evidence_of(1)) : 0;
    // A runner-up the model likes better is still the runner-up: the ranking decides the order.
    result.margin = std::max(0.0, result.confidence - second);
  }
  return result;
}

const entry* index::find(std::string_view tenant, std::string_view id) const {
  const auto found = tenants_.find(tenant);
  if (found == tenants_.end()) {
    return nullptr;
  }
  const auto at = found->second->by_id.find(std::string(id));
  return at == found->second->by_id.end() ? nullptr : &entries_[at->second];
}

std::vector<const entry*> index::entries_of(std::string_view tenant) const {
  std::vector<const entry*> out;
  if (const auto found = tenants_.find(tenant); found != tenants_.end()) {
    out.reserve(found->second->documents.size());
    for (const std::size_t at : found->second->documents) {
      out.push_back(&entries_[at]);
    }
  }
  return out;
}

bool index::has_tenant(std::string_view tenant) const {
  return tenants_.contains(tenant);
}

}  // namespace madoguchi::knowledge
