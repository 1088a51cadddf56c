// File: normalize.hpp
//
// Unicode normalisation applied to every message and every knowledge-base text before analysis,
// so that 「ｾﾐﾅｰ」 and 「セミナー」, 「ＳＤＧｓ」 and 「sdgs」, 「すごーーーい✨」 and 「すごーい」
// meet in the index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::nlp {

// Returns the text as the analyzer and the safety lexicon read it:
// - NFKC (half-width katakana, full-width latin and digits, compatibility symbols) and case
//   folding; default-ignorable code points (variation selectors, zero-width joiners) removed;
// - emoji and decoration (symbols such as ♪ ★ ✨, enclosing marks, private-use characters) and
//   runs of white space become one ASCII space, trimmed at both ends;
// - elongation folded: a run of long-vowel marks (ーー) becomes one, a wave dash after kana
// (すご〜い)
//   becomes ー, and a run of three or more of the same character (！！！, いいいい) becomes one
//   (ASCII letters and digits excepted); laughter written as w after Japanese text (かわいいwww) is
//   read as 笑;
// - kanji numerals before a counter become digits (三月十七日 → 3月17日, 十三歳 → 13歳).
// Accepts any bytes: invalid UTF-8 sequences become U+FFFD.
std::string normalize(std::string_view text);

// Returns `text` with every invalid UTF-8 sequence replaced by U+FFFD (valid text is unchanged).
std::string sanitize_utf8(std::string_view text);

// The characters (code points) of UTF-8 text, as views into it; a stray continuation byte stays
// with the character before it.
std::vector<std::string_view> characters_of(std::string_view text);

// Folds katakana to hiragana (セミナー → せみなー), for comparing words whatever their script.
// Expects valid UTF-8 (the output of normalize); other characters are unchanged.
std::string fold_kana(std::string_view text);

}  // namespace madoguchi::nlp
