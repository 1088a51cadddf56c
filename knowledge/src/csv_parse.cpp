// Entries from CSV: the header, the rules of each column, and every error with its line.
#include "madoguchi/knowledge/csv.hpp"

#include "csv_columns.hpp"
#include "csv_records.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace madoguchi::knowledge {
namespace {

using csv::byte_order_mark;
using csv::column_names;
namespace columns = csv::columns;

constexpr std::string_view ideographic_space = "\xE3\x80\x80";  // U+3000, typed by Japanese IMEs

constexpr std::string_view not_utf8_fix =
    "Excel の「名前を付けて保存」で「CSV UTF-8 (コンマ区切り)」か「CSV "
    "(コンマ区切り)」を選んで保存し"
    "直してください";

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view text) {
  for (;;) {
    if (!text.empty() && is_ascii_space(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(ideographic_space)) {
      text.remove_prefix(ideographic_space.size());
    } else if (!text.empty() && is_ascii_space(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(ideographic_space)) {
      text.remove_suffix(ideographic_space.size());
    } else {
      return text;
    }
  }
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

bool valid_utf8(std::string_view text) {
  return nlp::sanitize_utf8(text) == text;
}

// Excel's 「CSV (コンマ区切り)」 on Japanese Windows is Shift_JIS as Microsoft extends it (CP932).
// The whole file as UTF-8, or nullopt when it is not CP932 either.
std::optional<std::string> from_cp932(std::string_view text) {
  const iconv_t converter = ::iconv_open("UTF-8", "CP932");
  if (converter == reinterpret_cast<iconv_t>(-1)) {
    return std::nullopt;
  }
  std::string out(text.size() * 3 / 2 + 16, '\0');  // a CP932 character is at most 3 in UTF-8
  char* in = const_cast<char*>(text.data());  // iconv's signature; it does not write through it
  std::size_t in_left = text.size();
  char* next = out.data();
  std::size_t out_left = out.size();
  const std::size_t converted = ::iconv(converter, &in, &in_left, &next, &out_left);
  ::iconv_close(converter);
  if (converted == static_cast<std::size_t>(-1) || in_left != 0) {
    return std::nullopt;
  }
  out.resize(out.size() - out_left);
  return out;
}

// A date as written in the file: YYYY-MM-DD, or Excel's 2026/04/01 and 2026/4/1.
std::optional<std::chrono::year_month_day> parse_csv_date(std::string_view text) {
  const std::size_t first = text.find('/');
  const std::size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos || text.find('/', second + 1) != std::string_view::npos) {
    return parse_date(text);
  }
  const std::string_view year = text.substr(0, first);
  const std::string_view month = text.substr(first + 1, second - first - 1);
  const std::string_view day = text.substr(second + 1);
  const auto padded = [](std::string_view digits) {
    return digits.size() == 1 ? "0" + std::string(digits) : std::string(digits);
  };
  if (year.size() != 4 || month.empty() || month.size() > 2 || day.empty() || day.size() > 2) {
    return std::nullopt;
  }
  return parse_date(std::string(year) + "-" + padded(month) + "-" + padded(day));
}

// The trimmed, non-empty lines of a multi-line cell.
std::vector<std::string> lines_of(std::string_view cell) {
  std::vector<std::string> lines;
  while (!cell.empty()) {
    const std::size_t end = std::min(cell.find('\n'), cell.size());
    if (const std::string_view line = trim(cell.substr(0, end)); !line.empty()) {
      lines.emplace_back(line);
    }
    cell.remove_prefix(std::min(end + 1, cell.size()));
  }
  return lines;
}

std::string all_column_names() {
  std::string names;
  for (std::string_view name : column_names) {
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  return names;
}

// Parses one file; collects every error rather than stopping at the first.
class entries_parser {
 public:
  explicit entries_parser(std::string_view tenant) : tenant_(tenant) {}

  std::variant<std::vector<entry>, std::vector<csv_error>> parse(std::string_view text) {
    if (text.starts_with(byte_order_mark)) {
      text.remove_prefix(byte_order_mark.size());
    }
    csv::records records = csv::read_records(text);
    std::erase_if(records.rows, [](const csv::record& row) {
      return std::all_of(row.fields.begin(), row.fields.end(),
                         [](const std::string& field) { return trim(field).empty(); });
    });
    if (records.rows.empty() && records.errors.empty()) {
      fail(1, "",
           "ファイルが空です。1行目に列名を書いてください（列名: " + all_column_names() + "）");
    } else if (!records.rows.empty()) {
      const bool header_read = read_header(records.rows.front());
      if (records.rows.size() == 1 && records.errors.empty()) {
        fail(records.rows.front().line, "",
             "見出し行の下に回答がありません。回答1件につき1行で書いてください");
      }
      for (std::size_t row = 1; header_read && row < records.rows.size(); ++row) {
        read_entry(records.rows[row]);
      }
    }
    for (const csv::syntax_error& error : records.errors) {
      fail(error.line, error.field < names_.size() ? names_[error.field] : "", error.message);
    }
    if (errors_.empty()) {
      return std::move(entries_);
    }
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const csv_error& a, const csv_error& b) { return a.line < b.line; });
    return std::move(errors_);
  }

 private:
  // False when the header cannot even be read, so checking the rows would only add noise.
  bool read_header(const csv::record& header) {
    for (const std::string& field : header.fields) {
      if (!valid_utf8(field)) {
        fail(header.line, "", "見出し行の文字コードが読めません。" + std::string(not_utf8_fix));
        return false;
      }
      names_.push_back(lower_ascii(trim(field)));
    }
    for (std::size_t field = 0; field < names_.size(); ++field) {
      const std::string& name = names_[field];
      const auto known = std::find(column_names.begin(), column_names.end(), name);
      if (name.empty()) {
        fail(header.line, "",
             "見出し行の" + std::to_string(field + 1) +
                 "列目に列名がありません。列名を書くか、列を削除してください（列名: " +
                 all_column_names() + "）");
      } else if (known == column_names.end()) {
        fail(header.line, name,
             "知らない列名です。" + all_column_names() + " のどれかに直すか、列を削除してください");
      } else if (auto& known_field = index_[static_cast<std::size_t>(known - column_names.begin())];
                 known_field) {
        fail(header.line, name, "見出し行に同じ列名が2回あります。1つにしてください");
      } else {
        known_field = field;
      }
    }
    for (const columns::index required : {columns::id, columns::answer}) {
      if (!index_[required]) {
        fail(header.line, std::string(column_names[required]),
             "見出し行にこの列がありません。必ず要る列なので追加してください");
      }
    }
    if (!index_[columns::title] && !index_[columns::questions]) {
      fail(header.line, "title",
           "見出し行に title か questions の列が要ります。どちらかを追加してください");
    }
    return true;
  }

  void read_entry(const csv::record& row) {
    if (row.fields.size() != names_.size()) {
      fail(row.line, "",
           "この行は項目が" + std::to_string(row.fields.size()) + "個ですが、見出し行は" +
               std::to_string(names_.size()) +
               "個です。カンマや改行を含む項目は \"…\" のようにダブルクォートで囲んでください");
      return;
    }
    bool utf8 = true;
    for (std::size_t field = 0; field < row.fields.size(); ++field) {
      if (!valid_utf8(row.fields[field])) {
        fail(row.line, names_[field], "文字コードが読めません。" + std::string(not_utf8_fix));
        utf8 = false;
      }
    }
    if (!utf8) {
      return;
    }
    const auto cell = [&](columns::index c) -> std::string_view {
      return index_[c] ? std::string_view(row.fields[*index_[c]]) : std::string_view();
    };
    const std::size_t line = row.line;

    entry e;
    e.tenant = tenant_;
    e.id = trim(cell(columns::id));
    if (!index_[columns::id]) {
      // Reported once, for the header.
    } else if (e.id.empty()) {
      fail(line, columns::id,
           "空です。すべての回答に ID を付けてください（例: 1234、garbage-days）");
    } else if (e.id.find_first_of(" \t\r\n") != std::string::npos ||
               e.id.find(ideographic_space) != std::string::npos) {
      fail(line, columns::id,
           "「" + e.id + "」に空白か改行があります。代わりに「-」を使ってください");
    } else if (const auto [seen, added] = lines_by_id_.try_emplace(e.id, line); !added) {
      fail(line, columns::id,
           "「" + e.id + "」は" + std::to_string(seen->second) +
               "行目と同じ ID です。回答ごとに別の ID を付けてください");
    }
    e.questions = lines_of(cell(columns::questions));
    e.title = trim(cell(columns::title));
    if (e.title.empty() && !e.questions.empty()) {
      e.title = e.questions.front();
    }
    if (e.title.empty() && (index_[columns::title] || index_[columns::questions])) {
      fail(line, index_[columns::title] ? columns::title : columns::questions,
           "空で、質問例もありません。タイトルか質問例を1つ以上書いてください");
    }
    e.answer = trim(cell(columns::answer));
    if (e.answer.empty() && index_[columns::answer]) {
      fail(line, columns::answer, "空です。ボットが返す回答の文を書いてください");
    }
    e.links = read_links(line, cell(columns::links));
    e.keywords = lines_of(cell(columns::keywords));
    e.valid_from = read_date(line, columns::valid_from, cell(columns::valid_from));
    e.valid_until = read_date(line, columns::valid_until, cell(columns::valid_until));
    e.event_start = read_date(line, columns::event_start, cell(columns::event_start));
    e.event_end = read_date(line, columns::event_end, cell(columns::event_end));
    e.apply_until = read_date(line, columns::apply_until, cell(columns::apply_until));
    check_order(line, columns::valid_from, e.valid_from, columns::valid_until, e.valid_until);
    check_order(line, columns::event_start, e.event_start, columns::event_end, e.event_end);
    check_registration_closes_in_time(line, e);
    e.source = trim(cell(columns::source));
    entries_.push_back(std::move(e));
  }

  std::vector<link> read_links(std::size_t line, std::string_view cell) {
    std::vector<link> result;
    const std::vector<std::string> lines = lines_of(cell);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const std::string_view text = lines[n];
      const std::string where = std::to_string(n + 1) + "つ目のリンク「" + lines[n] + "」";
      // The last '|' splits, so a label may contain one; a URL cannot hold a raw '|'.
      const std::size_t bar = text.rfind('|');
      if (bar == std::string_view::npos) {
        fail(
            line, columns::links,
            where + "に「|」がありません。リンクは1行に1つ、表示名|https://… の形で書いてください");
        continue;
      }
      link l{std::string(trim(text.substr(0, bar))), std::string(trim(text.substr(bar + 1)))};
      if (l.label.empty()) {
        fail(line, columns::links,
             where + "に表示名がありません。「|」の前に書いてください（例: 申し込み|https://…）");
      } else if (!is_web_link(l.url)) {
        fail(line, columns::links,
             where +
                 "は Web ページへのリンクではありません。「|」のあとの URL は https:// か http:// "
                 "で始めてください");
      } else {
        result.push_back(std::move(l));
      }
    }
    return result;
  }

  std::optional<std::chrono::year_month_day> read_date(std::size_t line, columns::index c,
                                                       std::string_view cell) {
    const std::string_view text = trim(cell);
    if (text.empty()) {
      return std::nullopt;
    }
    const auto date = parse_csv_date(text);
    if (!date) {
      fail(line, c,
           "「" + std::string(text) +
               "」は日付として読めません。YYYY-MM-DD か YYYY/MM/DD で書いてください（例: "
               "2025-04-01、"
               "2025/4/1）");
    }
    return date;
  }

  void check_order(std::size_t line, columns::index first,
                   const std::optional<std::chrono::year_month_day>& from, columns::index last,
                   const std::optional<std::chrono::year_month_day>& until) {
    if (from && until && *until < *from) {
      fail(line, last,
           format_date(*until) + " が " + std::string(column_names[first]) + " の " +
               format_date(*from) + " より前です。どちらかの日付を直してください");
    }
  }

  // Registration that closes after the event has ended means one of the two dates is mistyped.
  void check_registration_closes_in_time(std::size_t line, const entry& e) {
    const auto days = event_days(e);
    if (e.apply_until && days && days->second < *e.apply_until) {
      const std::string_view column = e.event_end ? "event_end" : "event_start";
      fail(line, columns::apply_until,
           format_date(*e.apply_until) + " が " + std::string(column) + " の " +
               format_date(days->second) +
               " より後です。申し込みはイベントの最終日までに締め切ってください（apply_until か " +
               std::string(column) + " を直してください）");
    }
  }

  void fail(std::size_t line, columns::index c, std::string message) {
    fail(line, std::string(column_names[c]), std::move(message));
  }

  void fail(std::size_t line, std::string column_name, std::string message) {
    errors_.push_back({line, std::move(column_name), std::move(message)});
  }

  std::string tenant_;
  std::vector<std::string> names_;  // the header's column names, per field
  std::array<std::optional<std::size_t>, columns::count> index_;  // field of each known column
  std::map<std::string, std::size_t, std::less<>> lines_by_id_;
  std::vector<entry> entries_;
  std::vector<csv_error> errors_;
};

}  // namespace

std::string to_string(const csv_error& error) {
  return std::to_string(error.line) + "行目" +
         (error.column.empty() ? "" : "（" + error.column + " 列）") + ": " + error.message;
}

std::variant<std::vector<entry>, std::vector<csv_error>> parse_entries_csv(
    std::string_view text, std::string_view tenant) {
  if (!valid_utf8(text)) {
    if (const auto converted = from_cp932(text)) {
      return entries_parser(tenant).parse(*converted);
    }
  }
  return entries_parser(tenant).parse(text);
}

}  // namespace madoguchi::knowledge
