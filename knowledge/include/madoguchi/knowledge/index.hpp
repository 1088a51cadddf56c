// File: index.hpp
//
// An immutable, in-memory inverted index over the published entries of every tenant. Ranking is
// BM25F over weighted fields (title, example questions, keywords, answer) of MeCab words mapped to
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

// What the ranking measured about its best entry: the confidence's inputs. Every one is a share
// or a ratio within the tenant's own statistics, so that they read the same on a base of 40
// entries and on one of 10,000.
struct match_evidence {
  // Shares (0..1) of the question's information — the weighted IDF mass of its distinct words —
  // that the entry contains: anywhere in it, and within its best single title or example question.
  double entry_coverage = 0;
  double question_coverage = 0;
  // The best title or example question's overlap with the question (0..1, weighted Jaccard):
  // low when it asks about more than the question does (犬を飼い始めた for 「犬」).
  double question_overlap = 0;
  // The same shares for the runner-up: two entries that cover the question equally are a tie
  // whatever their scores.
  double runner_up_entry_coverage = 0;
  double runner_up_question_coverage = 0;
  // (best score - runner-up's score) / best score: 0 for a tie, 1 with no runner-up.
  double lead = 0;
  // The question's information in units of the tenant's rarest word's IDF (roughly, how many
  // rare words it has): a long question whose words the entry covers is surer evidence than
  // one word that happens to match.
  double information = 0;
  // The share (0..1) of the next ten entries that cover the question about as well as this one:
  // a general question over a base of specific entries (「住民票」 among twenty 住民票 entries).
  double rivals = 0;
};

struct ranking {
  std::vector<candidate> candidates;  // best first
  // 0..1, calibrated on the evaluation sets so that it reads as the chance that the best entry
  // answers the question: see src/confidence.cpp.
  double confidence = 0;
  // Confidence of the best entry minus that of the runner-up.
  double margin = 0;
  match_evidence evidence;  // of the best entry; all zero without candidates
};

// Why an entry ranked where it did (`madoguchi ask --explain`, the staff page's try console): what
// staff read to choose the example question or keyword to add.
struct explanation {
  struct word_part {
    std::string word;  // the question's word as written (its base form: セミナー, 申し込む)
    std::string matched;  // as matching keys it: kana folded, synonyms joined (せみな)
    double weight = 0;    // its share of the question's information (IDF, times less for verbs)
    double score = 0;     // what it added to the entry's score; 0 where the entry lacks it
    bool in_title = false, in_questions = false, in_keywords = false, in_answer = false;
  };
  std::vector<word_part> words;        // the question's distinct words, in order
  std::vector<std::string> compounds;  // the question's compound nouns the entry holds whole
  double compound_score = 0;
  // The rest of the score: words of the question no entry has, stood in for by similar ones.
  double similar_word_score = 0;
  double score = 0;
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

  // The same for a question already analysed (analyzer().analyze of its normalised text).
  ranking rank(std::string_view tenant, const nlp::analysis& question, std::size_t top_n,
               std::optional<std::chrono::year_month_day> today = std::nullopt) const;

  // Why `e` (an entry of `tenant` in this index) scores as it does for the analysed question.
  explanation explain(std::string_view tenant, const nlp::analysis& question, const entry& e) const;

  // The entry `id` of `tenant`, or nullptr.
  const entry* find(std::string_view tenant, std::string_view id) const;

  // Every entry of `tenant` (none for an unknown tenant), in the order they were indexed.
  std::vector<const entry*> entries_of(std::string_view tenant) const;

  // What the tenant's entries are about, read from their titles (up to five phrases, most
  // shared first: 粗大ごみ, 住民票 …); none for an unknown tenant or one of a few entries.
  const std::vector<std::string>& topics_of(std::string_view tenant) const;

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
