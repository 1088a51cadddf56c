// File: analyzer.hpp
//
// Morphological analysis of Japanese with MeCab, the IPA dictionary and madoguchi's domain user
// dictionary (nlp/data/user_dictionary.tsv, compiled by the build and embedded).
//
// Example:
//   auto analyzer = nlp::analyzer::create({});
//   nlp::analysis a = analyzer->analyze(nlp::normalize("セミナーの申込方法を教えてください"));
//   // words: せみな, 申し込み, 方法; compounds: 申し込み (申込方法 is in 申し込み's group)
//
// Thread safety: one analyzer is shared by all threads; tokenize() and terms() are const and
// thread-safe (each call parses with its own MeCab lattice).
#pragma once

#include "madoguchi/nlp/token.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::nlp {

struct analyzer_options {
  // Named explicitly rather than taken from /etc/mecabrc, whose default changes silently when
  // another dictionary package is installed. This is where Debian's mecab-ipadic-utf8 lives.
  std::string dictionary_dir = "/var/lib/mecab/dic/ipadic-utf8";
};

class analyzer {
 public:
  // Loads the dictionaries. Throws std::runtime_error naming the directory and the fix when MeCab
  // cannot load them (a start-up failure).
  static std::unique_ptr<analyzer> create(const analyzer_options& options);

  virtual ~analyzer() = default;

  // The morphemes of already-normalised text, in order.
  virtual std::vector<token> tokenize(std::string_view normalized) const = 0;

  // The words and compounds of already-normalised text: see analyze_tokens() in token.hpp.
  analysis analyze(std::string_view normalized) const;

  // The words and compounds of tokens this analyzer gave (tokenize() once, read twice).
  static analysis analyze(const std::vector<token>& tokens);
};

}  // namespace madoguchi::nlp
