// The entry columns of the CSV format, shared by the parser and the formatter.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace madoguchi::knowledge::csv {

// The columns, in the order an export writes them.
namespace columns {
enum index : std::size_t {
  id,
  title,
  questions,
  answer,
  links,
  keywords,
  valid_from,
  valid_until,
  event_start,
  event_end,
  apply_until,
  source,
  count
};
}  // namespace columns

constexpr std::array<std::string_view, columns::count> column_names = {
    "id",         "title",       "questions",   "answer",    "links",       "keywords",
    "valid_from", "valid_until", "event_start", "event_end", "apply_until", "source"};

// Excel reads a CSV file as UTF-8 only when it starts with this.
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

}  // namespace madoguchi::knowledge::csv
