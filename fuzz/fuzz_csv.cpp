// A staff CSV file through the importer's parser. A file that parses is written back with the
// exporter and parsed again: export then import must give the same entries (csv.hpp).
#include "madoguchi/knowledge/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace madoguchi::knowledge;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_entries_csv(text, "fuzz-city");
  if (const auto* errors = std::get_if<std::vector<csv_error>>(&parsed)) {
    if (errors->empty()) {
      __builtin_trap();  // a failure must say what is wrong
    }
    for (const csv_error& error : *errors) {
      (void)to_string(error);
    }
    return 0;
  }
  const auto& entries = std::get<std::vector<entry>>(parsed);
  const auto again = parse_entries_csv(format_entries_csv(entries), "fuzz-city");
  const auto* round_trip = std::get_if<std::vector<entry>>(&again);
  if (round_trip == nullptr || *round_trip != entries) {
    __builtin_trap();  // export then import lost or changed something
  }
  return 0;
}
