// Calendar dates in entries (validity windows, event dates) as ISO 8601 text.
#include "madoguchi/knowledge/entry.hpp"

#include <charconv>
#include <cstdio>

namespace madoguchi::knowledge {

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;  // from_chars alone would accept a sign
    }
  }
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  const auto parse_part = [&](std::size_t offset, std::size_t length, auto& value) {
    const char* first = text.data() + offset;
    const auto [end, ec] = std::from_chars(first, first + length, value);
    return ec == std::errc{} && end == first + length;
  };
  if (!parse_part(0, 4, year) || !parse_part(5, 2, month) || !parse_part(8, 2, day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) {
    return std::nullopt;
  }
  return date;
}

std::string format_date(std::chrono::year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::optional<std::pair<std::chrono::year_month_day, std::chrono::year_month_day>> event_days(
    const entry& e) {
  const auto first = e.event_start ? e.event_start : e.event_end;
  const auto last = e.event_end ? e.event_end : e.event_start;
  if (!first) {
    return std::nullopt;
  }
  return std::pair{*first, *last};
}

}  // namespace madoguchi::knowledge
