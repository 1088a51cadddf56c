// File: synthetic_kb.hpp
//
// Synthetic knowledge bases that read like a Japanese city's FAQ, so that benchmark numbers at
// 1,000 … 100,000 entries say something about real ones: titles of 20–40 characters, 0–3 example
// questions, answers of 100–300 characters and a few keywords, combined from pools of municipal
// topics (住民票, 児童手当, 粗大ごみ …), what people ask about them (申請方法, 手数料, 期限 …)
// and the phrasing of city pages. Entries also name districts, window numbers and dates, and
// many name a facility of their own, so the vocabulary keeps growing with the entry count (a
// long tail of rare terms, as in a real corpus) instead of stopping at the size of the pools.
//
// Example:
//   std::vector<knowledge::entry> kb = bench::synthetic_entries(10'000);
//   kb[0].tenant;  // "bench-city"
//   kb[0].id;      // "bench-000000"
#pragma once

#include "madoguchi/knowledge/entry.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace madoguchi::bench {

inline constexpr std::string_view synthetic_tenant = "bench-city";

// `count` entries of synthetic_tenant with unique ids. The same on every run and standard
// library (fixed seed), and a smaller knowledge base is a prefix of a larger one: the first
// 1,000 entries of synthetic_entries(10'000) are synthetic_entries(1'000).
std::vector<knowledge::entry> synthetic_entries(std::size_t count);

}  // namespace madoguchi::bench
