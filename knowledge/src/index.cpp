// BM25F ranking over weighted entry fields, with compound bonuses and a character-bigram back-off.
#include "madoguchi/knowledge/index.hpp"

#include "confidence.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "topics.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <thread>
#include <unordered_set>

namespace madoguchi::knowledge {
namespace {

// BM25F: each field's frequencies are normalised by that field's own average length, then
// weighted and summed before the saturation k1. Chosen on the localgovFAQ fitted quarter, the
// development set, the default hold-out set and the sample city together (README.md, "Matching
// quality"): an answer is long text whose length says little about relevance to it, so its b is
// the usual 0.75; a title or an example question is one sentence, and an entry with many of them
// is not "longer" in the sense BM25 penalises, so theirs is 0.4.
constexpr double k1 = 1.2;
enum field_kind : std::uint8_t { title_field, question_field, keyword_field, answer_field };
constexpr std::size_t field_kinds = 4;
// How much one occurrence in each field counts, and how much the field's length discounts it.
constexpr std::array<double, field_kinds> field_weights = {2.0, 1.0, 1.5, 0.6};
constexpr std::array<double, field_kinds> field_b = {0.4, 0.4, 0.4, 0.75};

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

// Entries analysed at once while building.
constexpr std::size_t analysis_batch = 128;

// How many of its topics a tenant names (a greeting's line, not a list).
constexpr std::size_t max_topics = 5;

// The crisis, hand-over and about-the-bot entries: how the bot works, not what a city answers.
bool is_well_known(std::string_view id) {
  return id == well_known::crisis_self_harm || id == well_known::crisis_abuse ||
         id == well_known::human_handoff || id == well_known::about_bot;
}

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
  field_kind kind = title_field;
  bool is_question() const { return kind == title_field || kind == question_field; }
};

struct analysed_entry {
  std::vector<analysed_field> fields;
  std::vector<std::string> title_phrases;  // nlp::noun_phrases of the title
};

analysed_entry analyse_entry(const entry& e, const nlp::analyzer& analyzer) {
  analysed_entry analysed;
  std::vector<analysed_field>& fields = analysed.fields;
  const auto add = [&](std::string_view text, field_kind kind) {
    fields.push_back({analyzer.analyze(nlp::normalize(text)), kind});
  };
  const std::vector<nlp::token> title = analyzer.tokenize(nlp::normalize(e.title));
  fields.push_back({nlp::analyzer::analyze(title), title_field});
  analysed.title_phrases = nlp::noun_phrases(title);
  for (const std::string& question : e.questions) {
    add(question, question_field);
  }
  for (const std::string& keyword : e.keywords) {
    add(keyword, keyword_field);
  }
  add(e.answer, answer_field);
  return analysed;
}

// Analyses entries [first, last), spread over `threads` threads: MeCab is most of the cost of a
// build.
std::vector<analysed_entry> analyse_range(const std::vector<entry>& entries, std::size_t first,
                                          std::size_t last, const nlp::analyzer& analyzer,
                                          unsigned threads) {
  std::vector<analysed_entry> analysed(last - first);
  std::atomic<std::size_t> next{first};
  const auto work = [&] {
    for (std::size_t i = next++; i < last; i = next++) {
      analysed[i - first] = analyse_entry(entries[i], analyzer);
    }
  };
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, (last - first) / 64 + 1));
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
      touched_[touched_count_++] = d;  // sized for every document: no growth check
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

  // The documents a question touched, in the order it did.
  std::span<const std::uint32_t> touched() const { return {touched_.data(), touched_count_}; }

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
      touched_.resize(documents);
    }
  }
  void clear() {
    for (std::uint32_t d : touched()) {
      score[d] = covered[d] = 0;
      touched_flag_[d] = 0;
    }
    touched_count_ = 0;
    for (std::uint32_t d : shared_) {
      share_[d] = 0;
    }
    shared_.clear();
  }

  std::vector<double> share_;
  std::vector<std::uint32_t> shared_;
  std::vector<std::uint8_t> touched_flag_;
  std::vector<std::uint32_t> touched_;
  std::size_t touched_count_ = 0;
};

// An entry's validity window in days since the epoch, open ends at the extremes: kept beside the
// postings, because reading it from each entry a question touches costs a cache miss per entry.
struct validity {
  std::int32_t from = std::numeric_limits<std::int32_t>::min();
  std::int32_t until = std::numeric_limits<std::int32_t>::max();
  bool holds_on(std::int32_t day) const { return from <= day && day <= until; }
};

std::int32_t day_number(std::chrono::year_month_day date) {
  return static_cast<std::int32_t>(std::chrono::sys_days(date).time_since_epoch().count());
}

validity validity_of(const entry& e) {
  validity v;
  if (e.valid_from) {
    v.from = day_number(*e.valid_from);
  }
  if (e.valid_until) {
    v.until = day_number(*e.valid_until);
  }
  return v;
}

}  // namespace

struct index::tenant_index {
  struct posting {
    std::uint32_t document;  // position in `documents`
    float term_frequency;    // BM25F: field-weighted, each field normalised by its own length
  };
  // Until finish(): beside each posting, the word's count in each field; and each document's
  // field lengths.
  using field_counts = std::array<std::uint16_t, field_kinds>;
  std::vector<std::vector<field_counts>> raw_frequencies;     // by term id, as `postings`
  std::vector<std::array<float, field_kinds>> field_lengths;  // by document
  std::vector<std::size_t> documents;                         // indexes into entries_
  std::vector<validity> windows;                              // by document
  std::vector<std::uint32_t> id_order;  // by document: its place among the ids, for ties
  std::unordered_map<std::string, std::size_t> by_id;
  std::unordered_map<std::string, term_id> term_ids;
  std::vector<std::vector<posting>> postings;  // by term id
  std::unordered_map<std::string, std::vector<std::uint32_t>> compounds;
  // Character bigrams of every word (its key and its reading) -> the words that have them, and
  // each word's number of distinct bigrams: the back-off's vocabulary.
  std::unordered_map<std::string, std::vector<term_id>> key_grams, reading_grams;
  std::vector<std::uint16_t> key_gram_counts, reading_gram_counts;  // by term id
  std::vector<std::vector<std::vector<term_id>>> sentences;  // per document: title, questions
  std::vector<std::string> topics;                           // common_topics of the titles

  double idf(std::size_t document_frequency) const {
    const double n = static_cast<double>(documents.size());
    const double df = static_cast<double>(document_frequency);
    return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
  }

  term_id intern(const nlp::word& w) {
    const auto [at, added] = term_ids.emplace(w.key, static_cast<term_id>(postings.size()));
    if (added) {
      postings.emplace_back();
      raw_frequencies.emplace_back();
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
    windows.push_back(validity_of(e));
    by_id.emplace(e.id, entry_index);
    std::unordered_map<term_id, field_counts> frequencies;
    std::unordered_set<std::string> doc_compounds;
    std::vector<std::vector<term_id>> doc_sentences;
    std::array<float, field_kinds>& lengths = field_lengths.emplace_back();
    lengths.fill(0);
    for (const analysed_field& field : fields) {
      std::vector<term_id> sentence;
      for (const nlp::word& w : field.words.words) {
        const term_id id = intern(w);
        auto& count = frequencies[id][field.kind];
        count = static_cast<std::uint16_t>(std::min<int>(count + 1, UINT16_MAX));
        lengths[field.kind] += 1;
        sentence.push_back(id);
      }
      for (const std::string& compound : field.words.compounds) {
        doc_compounds.insert(compound);
      }
      if (field.is_question()) {
        std::sort(sentence.begin(), sentence.end());
        sentence.erase(std::unique(sentence.begin(), sentence.end()), sentence.end());
        doc_sentences.push_back(std::move(sentence));
      }
    }
    for (const auto& [id, counts] : frequencies) {
      postings[id].push_back({document, 0});  // weighed in finish()
      raw_frequencies[id].push_back(counts);
    }
    for (const std::string& compound : doc_compounds) {
      compounds[compound].push_back(document);
    }
    sentences.push_back(std::move(doc_sentences));
  }

  // BM25F: a word's frequency in each field, relative to that field's average length over the
  // tenant, weighted by the field; done once every document is in, when the averages are known.
  void finish(const std::vector<entry>& entries) {
    std::vector<std::uint32_t> by_id_order(documents.size());
    std::iota(by_id_order.begin(), by_id_order.end(), 0u);
    std::sort(by_id_order.begin(), by_id_order.end(), [&](std::uint32_t x, std::uint32_t y) {
      return entries[documents[x]].id < entries[documents[y]].id;
    });
    id_order.resize(documents.size());
    for (std::uint32_t place = 0; place < by_id_order.size(); ++place) {
      id_order[by_id_order[place]] = place;
    }
    std::array<double, field_kinds> average{};
    for (const auto& lengths : field_lengths) {
      for (std::size_t f = 0; f < field_kinds; ++f) {
        average[f] += lengths[f];
      }
    }
    for (double& a : average) {
      a = std::max(1.0, a / static_cast<double>(std::max<std::size_t>(field_lengths.size(), 1)));
    }
    for (std::size_t id = 0; id < postings.size(); ++id) {
      for (std::size_t i = 0; i < postings[id].size(); ++i) {
        const auto& lengths = field_lengths[postings[id][i].document];
        const field_counts& counts = raw_frequencies[id][i];
        double weighted = 0;
        for (std::size_t f = 0; f < field_kinds; ++f) {
          weighted += field_weights[f] * counts[f] /
                      (1 - field_b[f] + field_b[f] * lengths[f] / average[f]);
        }
        postings[id][i].term_frequency = static_cast<float>(weighted);
      }
      postings[id].shrink_to_fit();
    }
    raw_frequencies = {};
    field_lengths = {};
  }
};

index::index(std::vector<entry> entries, std::shared_ptr<const nlp::analyzer> analyzer,
             unsigned threads)
    : entries_(std::move(entries)), analyzer_(std::move(analyzer)) {
  if (threads == 0) {
    threads = std::max(1u, std::thread::hardware_concurrency());
  }
  std::map<std::string_view, std::vector<std::vector<std::string>>> title_phrases;
  // In batches: the analysed words of every entry at once would be the process's largest
  // allocation (several times the index) on a base of ten thousand entries.
  for (std::size_t first = 0; first < entries_.size(); first += analysis_batch) {
    const std::size_t last = std::min(entries_.size(), first + analysis_batch);
    auto analysed = analyse_range(entries_, first, last, *analyzer_, threads);
    for (std::size_t i = first; i < last; ++i) {
      auto& t = tenants_[entries_[i].tenant];
      if (!t) {
        t = std::make_unique<tenant_index>();
      }
      t->add(i, entries_[i], analysed[i - first].fields);
      if (!is_well_known(entries_[i].id)) {
        title_phrases[entries_[i].tenant].push_back(std::move(analysed[i - first].title_phrases));
      }
    }
  }
  for (auto& [name, t] : tenants_) {
    t->finish(entries_);
    t->topics = common_topics(title_phrases[name], max_topics);
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
        acc.add(p.document, term_idf * p.term_frequency * (k1 + 1) / (p.term_frequency + k1),
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

  const std::optional<std::int32_t> today_number =
      today ? std::optional(day_number(*today)) : std::nullopt;
  // Ties broken by id so that rankings are deterministic across runs and platforms.
  const auto better = [&](std::uint32_t x, std::uint32_t y) {
    return score[x] != score[y] ? score[x] > score[y] : t.id_order[x] < t.id_order[y];
  };
  // The best and the runner-up's confidences need the ten entries after each (their rivals):
  // the confidence does not depend on how many candidates the caller asked for.
  constexpr std::size_t evidence_depth = 2 + max_rivals;
  const std::size_t depth = std::max(top_n, evidence_depth);
  // The best `depth` of the touched entries, by a heap whose front is the worst kept: one pass,
  // most entries turned away by one comparison.
  std::vector<std::uint32_t> ranked;
  ranked.reserve(depth + 1);
  for (std::uint32_t d : acc.touched()) {
    if (score[d] <= 0 || (today && !t.windows[d].holds_on(*today_number))) {
      continue;
    }
    if (ranked.size() < depth) {
      ranked.push_back(d);
      std::push_heap(ranked.begin(), ranked.end(), better);
    } else if (better(d, ranked.front())) {
      std::pop_heap(ranked.begin(), ranked.end(), better);
      ranked.back() = d;
      std::push_heap(ranked.begin(), ranked.end(), better);
    }
  }
  std::sort_heap(ranked.begin(), ranked.end(), better);

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

explanation index::explain(std::string_view tenant, const nlp::analysis& question,
                           const entry& e) const {
  explanation out;
  const auto found = tenants_.find(tenant);
  if (found == tenants_.end()) {
    return out;
  }
  const tenant_index& t = *found->second;
  const auto at = std::find_if(t.documents.begin(), t.documents.end(),
                               [&](std::size_t i) { return &entries_[i] == &e; });
  if (at == t.documents.end()) {
    return out;
  }
  const auto document = static_cast<std::uint32_t>(at - t.documents.begin());
  const analysed_entry fields = analyse_entry(e, *analyzer_);
  const auto field_has = [&](field_kind kind, const std::string& key) {
    return std::any_of(fields.fields.begin(), fields.fields.end(), [&](const analysed_field& f) {
      return f.kind == kind && std::any_of(f.words.words.begin(), f.words.words.end(),
                                           [&](const nlp::word& w) { return w.key == key; });
    });
  };
  std::unordered_set<std::string> seen;
  for (const nlp::word& w : question.words) {
    if (!seen.insert(w.key).second) {
      continue;
    }
    explanation::word_part part;
    part.word = w.written;
    part.matched = w.key;
    if (const auto id = t.term_ids.find(w.key); id != t.term_ids.end()) {
      const auto& postings = t.postings[id->second];
      part.weight = w.weight * t.idf(postings.size());
      const auto posting = std::lower_bound(
          postings.begin(), postings.end(), document,
          [](const tenant_index::posting& p, std::uint32_t d) { return p.document < d; });
      if (posting != postings.end() && posting->document == document) {
        part.score =
            part.weight * posting->term_frequency * (k1 + 1) / (posting->term_frequency + k1);
      }
    } else {
      part.weight = w.weight * t.idf(0) * unseen_weight;
    }
    part.in_title = field_has(title_field, w.key);
    part.in_questions = field_has(question_field, w.key);
    part.in_keywords = field_has(keyword_field, w.key);
    part.in_answer = field_has(answer_field, w.key);
    out.words.push_back(std::move(part));
  }
  for (const std::string& compound : question.compounds) {
    if (const auto docs = t.compounds.find(compound);
        docs != t.compounds.end() &&
        std::find(docs->second.begin(), docs->second.end(), document) != docs->second.end()) {
      out.compounds.push_back(compound);
      out.compound_score += compound_bonus * t.idf(docs->second.size());
    }
  }
  // The ranking's own score, so that the parts add up to what ranked the entry.
  const ranking ranked = rank(tenant, question, t.documents.size());
  for (const candidate& c : ranked.candidates) {
    if (c.match == &e) {
      out.score = c.score;
    }
  }
  double parts = out.compound_score;
  for (const explanation::word_part& part : out.words) {
    parts += part.score;
  }
  out.similar_word_score = std::max(0.0, out.score - parts);
  return out;
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

const std::vector<std::string>& index::topics_of(std::string_view tenant) const {
  static const std::vector<std::string> none;
  const auto found = tenants_.find(tenant);
  return found == tenants_.end() ? none : found->second->topics;
}

bool index::has_tenant(std::string_view tenant) const {
  return tenants_.contains(tenant);
}

}  // namespace madoguchi::knowledge
