// File: topics.hpp (internal)
//
// What a tenant's entries are about, read from their titles: the words a greeting or a fallback
// names so that an imported city speaks of its own content (粗大ごみ, 住民票, 国民健康保険), never
// of the default base's seminars.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace madoguchi::knowledge {

// Up to `count` noun phrases (nlp::noun_phrases of each title) that the most titles share, most
// shared first: at least two titles each and at most a quarter of them (a word in every title is
// the city's name or its style, not a topic), never a procedural word (手続き, 方法), a number or
// one character, and none within another chosen one (ごみ beside 粗大ごみ).
std::vector<std::string> common_topics(const std::vector<std::vector<std::string>>& title_phrases,
                                       std::size_t count);

}  // namespace madoguchi::knowledge
