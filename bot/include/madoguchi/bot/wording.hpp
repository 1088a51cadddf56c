// File: wording.hpp
//
// How an entry is worded in a reply: a quick-reply title that fits the chip, an answer that says a
// past event is past and when registration closes, and dates as citizens read them.
#pragma once

#include "madoguchi/knowledge/entry.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace madoguchi::bot {

// Quick-reply chips show at most 20 characters on Messenger, Instagram and LINE.
inline constexpr std::size_t chip_title_limit = 20;

// `title` shortened to at most `limit` characters (code points): cut at the last bracket, comma
// or space that keeps at least half of it (before a bracket it would leave open), else at the
// limit, and ended with … when cut.
std::string short_title(std::string_view title, std::size_t limit = chip_title_limit);

// The entry's answer as of `today`: a first line saying when an event that has ended was held
// (unless the answer already says so: 開催されました), that registration has closed, or when it
// closes (unless the answer already names a deadline).
std::string answer_as_of(const knowledge::entry& e, std::chrono::year_month_day today);

// 2026年4月1日
std::string japanese_date(std::chrono::year_month_day date);

// 2026年4月1日, 2026年4月1日〜3日, 2026年4月30日〜2026年5月2日
std::string event_dates(std::chrono::year_month_day start, std::chrono::year_month_day end);

}  // namespace madoguchi::bot
