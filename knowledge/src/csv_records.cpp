// RFC 4180 reading and quoting.
#include "csv_records.hpp"

namespace madoguchi::knowledge::csv {
namespace {

bool ends_field(char c) {
  return c == ',' || c == '\r' || c == '\n';
}

class reader {
 public:
  explicit reader(std::string_view text) : text_(text) {}

  records read() {
    while (pos_ < text_.size() && !stopped_) {
      read_record();
    }
    return std::move(result_);
  }

 private:
  void read_record() {
    record row{line_, {}};
    for (;;) {
      row.fields.push_back(at('"') ? read_quoted(row.line, row.fields.size()) : read_plain());
      if (stopped_ || pos_ >= text_.size()) {
        break;
      }
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      skip_line_break();
      break;
    }
    result_.rows.push_back(std::move(row));
  }

  std::string read_plain() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !ends_field(text_[pos_])) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  // Errors name `row_line`, the line the record starts on, as every other error does.
  std::string read_quoted(std::size_t row_line, std::size_t field) {
    std::string value;
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) {
        fail(row_line, field,
             "ダブルクォートで囲んだ項目が閉じていません。足りない \" を追加してください（囲んだ"
             "項目の中の \" は \"\" と2つ重ねて書きます）");
        stopped_ = true;
        return value;
      }
      const char c = text_[pos_];
      if (c == '"' && !at('"', 1)) {
        ++pos_;
        break;
      }
      if (c == '"') {
        value.push_back('"');
        pos_ += 2;
      } else if (c == '\r' && at('\n', 1)) {
        value.push_back('\n');
        pos_ += 2;
        ++line_;
      } else {
        value.push_back(c);
        ++pos_;
        line_ += c == '\n' ? 1 : 0;
      }
    }
    if (pos_ < text_.size() && !ends_field(text_[pos_])) {
      fail(row_line, field,
           "項目を閉じるダブルクォートのあとに文字があります。項目の中の \" は \"\" と2つ重ねて"
           "書くか、項目全体を \" で囲んでください");
      read_plain();
    }
    return value;
  }

  void skip_line_break() {
    if (at('\r') && at('\n', 1)) {
      ++pos_;
    }
    ++pos_;
    ++line_;
  }

  bool at(char c, std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() && text_[pos_ + ahead] == c;
  }

  void fail(std::size_t line, std::size_t field, std::string message) {
    result_.errors.push_back({line, field, std::move(message)});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  bool stopped_ = false;
  records result_;
};

}  // namespace

records read_records(std::string_view text) {
  return reader(text).read();
}

void append_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    out += c == '"' ? std::string_view("\"\"") : std::string_view(&c, 1);
  }
  out.push_back('"');
}

}  // namespace madoguchi::knowledge::csv
