// File: analyzer.hpp
//
// Morphological analysis of Japanese with MeCab and the IPA dictionary.
//
// Example:
//   auto analyzer = nlp::analyzer::create({});
//   auto terms = analyzer->terms(nlp::normalize("セミナーの申し込み方法を教えてください"));
//   // {"セミナー", "申し込み", "方法", "教える"}
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
  // Loads the dictionary. Throws std::runtime_error naming the directory and the fix when MeCab
  // cannot load it (a start-up failure).
  static std::unique_ptr<analyzer> create(const analyzer_options& options);

  virtual ~analyzer() = default;

  // The morphemes of already-normalised text, in order.
  virtual std::vector<token> tokenize(std::string_view normalized) const = 0;

  // The search terms of already-normalised text: see content_terms() in token.hpp.
  std::vector<std::string> terms(std::string_view normalized) const;
};

}  // namespace madoguchi::nlp
