// Tests of knowledge::parse_entries_csv and format_entries_csv: the file formats Excel and other
// spreadsheets write, every rule of every column, every error reported with its line and column,
// and a lossless round trip of the default knowledge base.
#include "madoguchi/knowledge/csv.hpp"
#include "madoguchi/knowledge/default_content.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace madoguchi::knowledge {
namespace {

using namespace std::chrono;

std::vector<entry> parse_ok(std::string_view text) {
  auto parsed = parse_entries_csv(text, "alpha");
  if (const auto* errors = std::get_if<std::vector<csv_error>>(&parsed)) {
    std::string all;
    for (const csv_error& error : *errors) {
      all += to_string(error) + "\n";
    }
    ADD_FAILURE() << "unexpected errors:\n" << all;
    return {};
  }
  return std::get<std::vector<entry>>(parsed);
}

std::vector<csv_error> parse_errors(std::string_view text) {
  auto parsed = parse_entries_csv(text, "alpha");
  if (const auto* errors = std::get_if<std::vector<csv_error>>(&parsed)) {
    return *errors;
  }
  ADD_FAILURE() << "parsed without errors";
  return {};
}

// True when some error is on `line`, in `column`, and its message contains `words`.
bool has_error(const std::vector<csv_error>& errors, std::size_t line, std::string_view column,
               std::string_view words) {
  return std::any_of(errors.begin(), errors.end(), [&](const csv_error& e) {
    return e.line == line && e.column == column && e.message.find(words) != std::string::npos;
  });
}

entry minimal(std::string id, std::string title, std::string answer) {
  entry e;
  e.tenant = "alpha";
  e.id = std::move(id);
  e.title = std::move(title);
  e.answer = std::move(answer);
  return e;
}

TEST(csv_test, reads_a_minimal_file) {
  EXPECT_EQ(parse_ok("id,title,answer\n1,ゴミの日,月曜です\n"),
            (std::vector<entry>{minimal("1", "ゴミの日", "月曜です")}));
}

TEST(csv_test, accepts_the_byte_order_mark_and_crlf_that_excel_writes) {
  EXPECT_EQ(parse_ok("\xEF\xBB\xBFid,title,answer\r\n1,a,b\r\n2,c,d\r\n"),
            (std::vector<entry>{minimal("1", "a", "b"), minimal("2", "c", "d")}));
}

TEST(csv_test, the_last_row_needs_no_line_break) {
  EXPECT_EQ(parse_ok("id,title,answer\n1,a,b").size(), 1u);
}

TEST(csv_test, quoted_fields_hold_commas_doubled_quotes_and_line_breaks) {
  const auto entries = parse_ok(
      "id,title,answer\r\n"
      "1,\"a, b\",\"He said \"\"hi\"\".\r\nSecond line\"\r\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].title, "a, b");
  EXPECT_EQ(entries[0].answer, "He said \"hi\".\nSecond line");
}

TEST(csv_test, columns_may_come_in_any_order_with_any_case_and_spaces) {
  const auto entries = parse_ok(" Answer ,KEYWORDS,ID , title\nthe answer,\"k1\n\n  k2 \",7,t\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, "7");
  EXPECT_EQ(entries[0].title, "t");
  EXPECT_EQ(entries[0].answer, "the answer");
  EXPECT_EQ(entries[0].keywords, (std::vector<std::string>{"k1", "k2"}));
}

TEST(csv_test, reads_every_column) {
  const auto entries = parse_ok(
      "id,title,questions,answer,links,keywords,valid_from,valid_until,event_start,event_end,"
      "apply_until,source\n"
      "seminar-1,セミナー,\"申し込みは？\n　いつですか　\",回答,\"申し込み|https://example.jp/"
      "a?b=1\n"
      "案内 | 詳細|http://example.jp/\",\"セミナー\nＳＤＧｓ\",2020-01-01,2020-12-31,2020-03-17,"
      "2020-03-18,2020-03-10,city page\n");
  ASSERT_EQ(entries.size(), 1u);
  const entry& e = entries[0];
  EXPECT_EQ(e.tenant, "alpha");
  EXPECT_EQ(e.questions, (std::vector<std::string>{"申し込みは？", "いつですか"}));
  EXPECT_EQ(e.links, (std::vector<link>{{"申し込み", "https://example.jp/a?b=1"},
                                        {"案内 | 詳細", "http://example.jp/"}}));
  EXPECT_EQ(e.keywords, (std::vector<std::string>{"セミナー", "ＳＤＧｓ"}));
  EXPECT_EQ(e.valid_from, 2020y / January / 1);
  EXPECT_EQ(e.valid_until, 2020y / December / 31);
  EXPECT_EQ(e.event_start, 2020y / March / 17);
  EXPECT_EQ(e.event_end, 2020y / March / 18);
  EXPECT_EQ(e.apply_until, 2020y / March / 10);
  EXPECT_EQ(e.source, "city page");
}

TEST(csv_test, a_file_without_the_apply_until_column_reads_as_before) {
  const auto entries = parse_ok(
      "id,title,answer,event_start,event_end\n"
      "1,セミナー,b,2020-03-17,2020-03-18\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event_end, 2020y / March / 18);
  EXPECT_FALSE(entries[0].apply_until);
}

TEST(csv_test, apply_until_may_be_empty_or_on_the_last_day_of_the_event) {
  const auto entries = parse_ok(
      "id,title,answer,event_start,event_end,apply_until\n"
      "1,a,b,2020-03-17,2020-03-18,\n"
      "2,a,b,2020-03-17,2020-03-18,2020-03-18\n"
      "3,a,b,,,2020-03-31\n");  // a deadline without event dates has nothing to contradict
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_FALSE(entries[0].apply_until);
  EXPECT_EQ(entries[1].apply_until, 2020y / March / 18);
  EXPECT_EQ(entries[2].apply_until, 2020y / March / 31);
}

TEST(csv_test, an_empty_title_is_the_first_question) {
  const auto entries = parse_ok("id,title,questions,answer\n1,,\"\nごみの日は？\n別の質問\",a\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].title, "ごみの日は？");
  EXPECT_EQ(entries[0].questions.size(), 2u);
}

TEST(csv_test, questions_alone_may_stand_for_the_title_column) {
  const auto entries = parse_ok("id,questions,answer\n1,ごみの日は？,a\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].title, "ごみの日は？");
}

TEST(csv_test, blank_rows_are_skipped) {
  EXPECT_EQ(parse_ok("\nid,title,answer\n\n1,a,b\n,,\n\n2,c,d\n").size(), 2u);
}

TEST(csv_test, ids_may_be_numbers_or_any_text_without_spaces) {
  const auto entries = parse_ok("id,title,answer\n0012,a,b\nQ-3.1_x,c,d\nごみ,e,f\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].id, "0012");
  EXPECT_EQ(entries[1].id, "Q-3.1_x");
}

TEST(csv_test, an_empty_file_says_what_the_first_row_must_be) {
  for (const char* text : {"", "\xEF\xBB\xBF", "\n\n"}) {
    const auto errors = parse_errors(text);
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_TRUE(has_error(errors, 1, "", "ファイルが空です")) << to_string(errors[0]);
  }
}

TEST(csv_test, a_header_without_rows_is_an_error) {
  EXPECT_TRUE(
      has_error(parse_errors("id,title,answer\r\n"), 1, "", "見出し行の下に回答がありません"));
}

TEST(csv_test, a_missing_required_column_is_named) {
  const auto errors = parse_errors("title,questions\na,b\nc,d\n");
  EXPECT_TRUE(has_error(errors, 1, "id", "この列がありません"));
  EXPECT_TRUE(has_error(errors, 1, "answer", "この列がありません"));
  EXPECT_EQ(errors.size(), 2u);  // and no error per row for the missing columns
  EXPECT_TRUE(
      has_error(parse_errors("id,answer\n1,a\n"), 1, "title", "title か questions の列が要ります"));
}

TEST(csv_test, an_unknown_or_repeated_column_is_named) {
  const auto errors = parse_errors("id,title,answer,Category,title\n1,a,b,c,d\n");
  EXPECT_TRUE(has_error(errors, 1, "category", "知らない列名です"));
  EXPECT_TRUE(has_error(errors, 1, "category", "valid_from"));  // lists the columns
  EXPECT_TRUE(has_error(errors, 1, "title", "同じ列名が2回あります"));
  EXPECT_TRUE(
      has_error(parse_errors("id,,answer\n1,a,b\n"), 1, "", "見出し行の2列目に列名がありません"));
}

TEST(csv_test, empty_required_values_are_errors) {
  const auto errors = parse_errors("id,title,questions,answer\n,a,,b\n2,,,b\n3,c,, \n");
  EXPECT_TRUE(has_error(errors, 2, "id", "空です"));
  EXPECT_TRUE(has_error(errors, 3, "title", "質問例もありません"));
  EXPECT_TRUE(has_error(errors, 4, "answer", "空です"));
  EXPECT_EQ(errors.size(), 3u);
}

TEST(csv_test, an_id_with_a_space_is_an_error) {
  EXPECT_TRUE(has_error(parse_errors("id,title,answer\nab cd,a,b\n"), 2, "id", "空白か改行"));
  EXPECT_TRUE(has_error(parse_errors("id,title,answer\nab\xE3\x80\x80\x63\x64,a,b\n"), 2, "id",
                        "空白か改行"));
}

TEST(csv_test, a_duplicate_id_names_the_first_line) {
  const auto errors = parse_errors("id,title,answer\n1,a,b\n2,c,d\n 1 ,e,f\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(has_error(errors, 4, "id", "2行目と同じ ID です"));
}

TEST(csv_test, a_bad_date_is_an_error_with_the_format) {
  const auto errors = parse_errors(
      "id,title,answer,valid_from,valid_until,event_start,event_end,apply_until\n"
      "1,a,b,2025/4/31,2025-02-30,,,\n"
      "2,a,b,,,2025-03-02,2025-03-01,\n"
      "3,a,b,,,,,3月10日\n");
  EXPECT_TRUE(has_error(errors, 2, "valid_from", "YYYY-MM-DD か YYYY/MM/DD"));
  EXPECT_TRUE(has_error(errors, 2, "valid_until", "「2025-02-30」は日付として読めません"));
  EXPECT_TRUE(has_error(errors, 3, "event_end", "event_start の 2025-03-02 より前です"));
  EXPECT_TRUE(has_error(errors, 4, "apply_until", "「3月10日」は日付として読めません。YYYY-MM-DD"));
  EXPECT_EQ(errors.size(), 4u);
}

TEST(csv_test, registration_closing_after_the_event_ended_says_which_dates_to_correct) {
  const std::pair<const char*, const char*> cases[] = {
      {"1,a,b,2025-03-01,2025-03-02,2025-03-03\n",
       "2行目（apply_until 列）: 2025-03-03 が event_end の 2025-03-02 より後です。"
       "申し込みはイベントの最終日までに締め切ってください（apply_until か event_end "
       "を直してください）"},
      // A one-day event may give only its start.
      {"1,a,b,2025-03-01,,2025-03-03\n",
       "2行目（apply_until 列）: 2025-03-03 が event_start の 2025-03-01 より後です。"
       "申し込みはイベントの最終日までに締め切ってください（apply_until か event_start "
       "を直してください）"}};
  for (const auto& [row, message] : cases) {
    const auto errors =
        parse_errors(std::string("id,title,answer,event_start,event_end,apply_until\n") + row);
    ASSERT_EQ(errors.size(), 1u) << row;
    EXPECT_EQ(to_string(errors[0]), message);
  }
}

TEST(csv_test, a_link_line_without_a_bar_is_named) {
  const auto errors =
      parse_errors("id,title,answer,links\n1,a,b,\"ok|https://example.jp/\nhttps://x.jp/\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(has_error(errors, 2, "links", "2つ目のリンク「https://x.jp/」に「|」がありません"));
}

TEST(csv_test, a_link_must_have_a_label_and_a_web_url) {
  const auto errors = parse_errors(
      "id,title,answer,links\n"
      "1,a,b,ftp|ftp://example.jp/\n"
      "2,a,b,x|javascript:alert(1)\n"
      "3,a,b,x|https://\n"
      "4,a,b,|https://example.jp/\n"
      "5,a,b,x|HTTPS://example.jp/ok\n");
  EXPECT_TRUE(has_error(errors, 2, "links", "https://"));
  EXPECT_TRUE(has_error(errors, 3, "links", "https://"));
  EXPECT_TRUE(has_error(errors, 4, "links", "https://"));
  EXPECT_TRUE(has_error(errors, 5, "links", "表示名がありません"));
  EXPECT_EQ(errors.size(), 4u);
}

TEST(csv_test, excels_shift_jis_csv_is_read_as_such) {
  // "ごみ" and "申込" in Shift_JIS (CP932), as Excel saves 「CSV (コンマ区切り)」 on Japanese
  // Windows; ① is one of Microsoft's additions to Shift_JIS.
  const auto entries =
      parse_ok("id,title,answer\r\n1,\x82\xb2\x82\xdd,\x90\x5c\x8d\x9e\x87\x40\r\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].title, "ごみ");
  EXPECT_EQ(entries[0].answer, "申込①");
}

TEST(csv_test, a_file_neither_utf8_nor_shift_jis_names_the_line_and_says_how_to_save) {
  const auto errors = parse_errors("id,title,answer\n1,a,b\n2,\xff\xfe,c\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(has_error(errors, 3, "title", "CSV UTF-8"));
  EXPECT_TRUE(
      has_error(parse_errors("i\xff\x64,title,answer\n1,a,b\n"), 1, "", "文字コードが読めません"));
}

TEST(csv_test, excels_date_forms_are_dates) {
  const auto entries = parse_ok(
      "id,title,answer,event_start,event_end,apply_until\n"
      "1,a,b,2026/04/01,2026/4/3,2026/3/31\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(format_date(*entries[0].event_start), "2026-04-01");
  EXPECT_EQ(format_date(*entries[0].event_end), "2026-04-03");
  EXPECT_EQ(format_date(*entries[0].apply_until), "2026-03-31");
  for (const char* bad :
       {"2026/13/01", "2026/2/30", "26/4/1", "2026/4/1/2", "2026/04/", "2026/x/1"}) {
    EXPECT_TRUE(
        has_error(parse_errors(std::string("id,title,answer,event_start\n1,a,b,") + bad + "\n"), 2,
                  "event_start", "日付として読めません"))
        << bad;
  }
}

TEST(csv_test, a_row_with_the_wrong_number_of_fields_is_an_error) {
  const auto errors = parse_errors("id,title,answer\n1,a,b,c\n2,a\n");
  EXPECT_TRUE(has_error(errors, 2, "", "項目が4個ですが、見出し行は3個です"));
  EXPECT_TRUE(has_error(errors, 3, "", "項目が2個ですが、見出し行は3個です"));
}

TEST(csv_test, malformed_quoting_is_an_error) {
  EXPECT_TRUE(has_error(parse_errors("id,title,answer\n1,\"a\"x,b\n"), 2, "title",
                        "閉じるダブルクォートのあとに文字があります"));
  EXPECT_TRUE(has_error(parse_errors("id,title,answer\n1,a,b\n2,c,\"never\nclosed\n"), 3, "answer",
                        "閉じていません"));
}

TEST(csv_test, every_error_is_reported_with_its_physical_line_in_line_order) {
  const auto errors = parse_errors(
      "id,title,answer,valid_from\r\n"       // line 1
      "1,\"multi\r\nline\r\ntitle\",a,\r\n"  // lines 2-4
      "1,b,,bad\r\n"                         // line 5: duplicate id, empty answer, bad date
      "\r\n"                                 // line 6: blank
      " ,c,d,\r\n");                         // line 7: empty id
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_TRUE(has_error(errors, 5, "id", "2行目と同じ ID"));
  EXPECT_TRUE(has_error(errors, 5, "answer", "空です"));
  EXPECT_TRUE(has_error(errors, 5, "valid_from", "「bad」"));
  EXPECT_TRUE(has_error(errors, 7, "id", "空です"));
  EXPECT_TRUE(std::is_sorted(errors.begin(), errors.end(),
                             [](const auto& a, const auto& b) { return a.line < b.line; }));
  EXPECT_EQ(to_string(errors.back()),
            "7行目（id 列）: 空です。すべての回答に ID を付けてください（例: 1234、garbage-days）");
}

TEST(csv_test, lines_are_counted_across_lf_inside_quotes_and_quoting_errors_are_sorted_in) {
  const auto errors = parse_errors(
      "id,title,answer\n"  // line 1
      "1,\"a\nb\nc\",d\n"  // lines 2-4
      "2,\"e\"x,f\n"       // line 5: text after the closing quote
      ",g,h\n");           // line 6: empty id
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 5u);
  EXPECT_EQ(errors[0].column, "title");
  EXPECT_EQ(errors[1].line, 6u);
  EXPECT_EQ(errors[1].column, "id");
}

TEST(csv_test, format_writes_a_bom_a_full_header_crlf_and_quotes_only_when_needed) {
  entry e = minimal("1", "a, b", "say \"hi\"\nbye");
  e.questions = {"q1", "q2"};
  e.valid_from = 2025y / April / 1;
  EXPECT_EQ(format_entries_csv({e}),
            "\xEF\xBB\xBFid,title,questions,answer,links,keywords,valid_from,valid_until,"
            "event_start,event_end,apply_until,source\r\n"
            "1,\"a, b\",\"q1\nq2\",\"say \"\"hi\"\"\nbye\",,,2025-04-01,,,,,\r\n");
}

TEST(csv_test, every_date_round_trips) {
  entry e = minimal("seminar", "セミナー", "3月17日に開きます。");
  e.valid_from = 2025y / February / 1;
  e.valid_until = 2025y / March / 31;
  e.event_start = 2025y / March / 17;
  e.event_end = 2025y / March / 18;
  e.apply_until = 2025y / March / 10;
  const std::string csv = format_entries_csv({e});
  EXPECT_NE(csv.find(",2025-03-17,2025-03-18,2025-03-10,\r\n"), std::string::npos) << csv;
  EXPECT_EQ(parse_ok(csv), std::vector<entry>{e});
}

TEST(csv_test, the_default_knowledge_base_round_trips_unchanged) {
  const auto& content = embedded_default_content();
  for (const tenant& t : content.tenants) {
    std::vector<entry> entries;
    std::copy_if(content.entries.begin(), content.entries.end(), std::back_inserter(entries),
                 [&](const entry& e) { return e.tenant == t.id; });
    ASSERT_FALSE(entries.empty()) << t.id;
    const std::string csv = format_entries_csv(entries);
    auto parsed = parse_entries_csv(csv, t.id);
    ASSERT_TRUE(std::holds_alternative<std::vector<entry>>(parsed)) << t.id;
    EXPECT_EQ(std::get<std::vector<entry>>(parsed), entries) << t.id;
    EXPECT_EQ(format_entries_csv(std::get<std::vector<entry>>(parsed)), csv) << t.id;
  }
}

}  // namespace
}  // namespace madoguchi::knowledge
