// File: normalize.hpp
//
// Unicode normalisation applied to every message and every knowledge-base text before analysis,
// so that 「ｾﾐﾅｰ」 and 「セミナー」, 「ＳＤＧｓ」 and 「sdgs」 meet in the index.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::nlp {

// Returns NFKC-normalised, case-folded text with default-ignorable code points (variation
// selectors, zero-width joiners) removed and every run of white space folded to one ASCII space,
// trimmed at both ends. Accepts any bytes: invalid UTF-8 sequences become U+FFFD.
std::string normalize(std::string_view text);

// Returns `text` with every invalid UTF-8 sequence replaced by U+FFFD (valid text is unchanged).
std::string sanitize_utf8(std::string_view text);

}  // namespace madoguchi::nlp
