// Entries to CSV, in the form the parser reads back unchanged.
#include "madoguchi/knowledge/csv.hpp"

#include "csv_columns.hpp"
#include "csv_records.hpp"

#include <array>

namespace madoguchi::knowledge {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) {
    joined += (joined.empty() ? "" : "\n") + line;
  }
  return joined;
}

}  // namespace

std::string format_entries_csv(const std::vector<entry>& entries) {
  std::string out(csv::byte_order_mark);
  for (std::size_t c = 0; c < csv::columns::count; ++c) {
    out += (c == 0 ? "" : ",") + std::string(csv::column_names[c]);
  }
  out += "\r\n";
  const auto date = [](const std::optional<std::chrono::year_month_day>& d) {
    return d ? format_date(*d) : std::string();
  };
  for (const entry& e : entries) {
    std::vector<std::string> link_lines;
    for (const link& l : e.links) {
      link_lines.push_back(l.label + "|" + l.url);
    }
    const std::array<std::string, csv::columns::count> fields = {e.id,
                                                                 e.title,
                                                                 join_lines(e.questions),
                                                                 e.answer,
                                                                 join_lines(link_lines),
                                                                 join_lines(e.keywords),
                                                                 date(e.valid_from),
                                                                 date(e.valid_until),
                                                                 date(e.event_start),
                                                                 date(e.event_end),
                                                                 date(e.apply_until),
                                                                 e.source};
    for (std::size_t c = 0; c < csv::columns::count; ++c) {
      if (c > 0) {
        out.push_back(',');
      }
      csv::append_field(out, fields[c]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace madoguchi::knowledge
