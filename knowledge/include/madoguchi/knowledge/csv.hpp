// File: csv.hpp
//
// A tenant's entries as a CSV file, the format municipal staff keep their FAQ lists in (Excel,
// Google Sheets, LibreOffice): one row per entry under a header row naming the columns.
//
//   columns (any order, names trimmed and case-insensitive):
//     id           required; no spaces (e.g. "1234", "garbage-days")
//     title        the entry's title; empty: the first question
//     questions    example questions, one per line
//     answer       required; the reply text
//     links        one "label|https://…" per line
//     keywords     extra search terms, one per line
//     valid_from, valid_until, event_start, event_end    YYYY-MM-DD or empty
//     apply_until  the last day to register, YYYY-MM-DD or empty; not after event_end
//     source       where the facts come from (exported so that a round trip loses nothing)
//   Either title or questions must be a column.
//
// UTF-8 (with or without the byte order mark Excel writes), CRLF or LF line ends, RFC 4180
// quoting. Pure: no I/O.
#pragma once

#include "madoguchi/knowledge/entry.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace madoguchi::knowledge {

// One problem in a CSV file, located for the person who fixes it.
struct csv_error {
  std::size_t line = 0;  // the physical line (1-based) the row starts on
  std::string column;    // the column's name; empty when the problem is the whole row
  std::string message;   // what is wrong and what to do about it
  auto operator<=>(const csv_error&) const = default;
};

// "4行目（answer 列）: …" (or "4行目: …" without a column): the messages are Japanese, for the
// staff who keep the list.
std::string to_string(const csv_error& error);

// Parses `text` into entries of `tenant`, in file order. Any problem makes the whole file fail:
// then every problem found is returned, in line order, and no entry. Never throws on bad input.
std::variant<std::vector<entry>, std::vector<csv_error>> parse_entries_csv(std::string_view text,
                                                                           std::string_view tenant);

// Writes `entries` (the tenant column is not written) as CSV: a byte order mark so that Excel
// reads it as UTF-8, a header of every column, CRLF between rows, LF inside multi-line fields.
// parse_entries_csv reads it back to the same entries when they are as it makes them (trimmed
// values, no empty questions or keywords, labelled web links): export then import loses nothing.
std::string format_entries_csv(const std::vector<entry>& entries);

}  // namespace madoguchi::knowledge
