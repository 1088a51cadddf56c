// RFC 4180 records: splitting CSV text into fields, and quoting a field for output. Knows nothing
// of entries; csv.cpp maps the records to entries and back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::knowledge::csv {

struct record {
  std::size_t line = 0;  // the physical line (1-based) the record starts on
  std::vector<std::string> fields;
};

// Malformed quoting, located by the line its record starts on and the 0-based field.
struct syntax_error {
  std::size_t line = 0;
  std::size_t field = 0;
  std::string message;  // says what to fix
};

struct records {
  std::vector<record> rows;
  std::vector<syntax_error> errors;
};

// Splits `text` (no byte order mark) into records. Records end at CRLF, LF or CR; quoted fields
// may hold commas, doubled quotes and line breaks (CRLF inside a field becomes LF). A quote inside
// an unquoted field is kept as it is. Never throws on malformed input: an unclosed quote ends the
// reading with an error, text after a closing quote is dropped with an error.
records read_records(std::string_view text);

// Appends `field` to `out`, quoted when it holds a comma, a quote or a line break.
void append_field(std::string& out, std::string_view field);

}  // namespace madoguchi::knowledge::csv
