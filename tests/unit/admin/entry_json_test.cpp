// Entries as JSON: what the staff API gives is what it takes back, and every mistake staff can
// make is refused with the field and a message, never half-read.
#include "madoguchi/admin/entry_json.hpp"

#include <gtest/gtest.h>

namespace madoguchi::admin {
namespace {

using json = nlohmann::json;

knowledge::entry full_entry() {
  knowledge::entry e;
  e.tenant = "osaka-pref";
  e.id = "seminar-2026-06";
  e.title = "SNS活用セミナー（6月）";
  e.questions = {"6月のセミナーはありますか", "申し込み方法"};
  e.answer = "6月10日に開催します。";
  e.links = {{"申し込みページ", "https://example.jp/apply"}};
  e.keywords = {"セミナー"};
  e.valid_from = knowledge::parse_date("2026-05-01");
  e.valid_until = knowledge::parse_date("2026-06-10");
  e.event_start = knowledge::parse_date("2026-06-10");
  e.event_end = knowledge::parse_date("2026-06-10");
  e.apply_until = knowledge::parse_date("2026-06-05");
  e.source = "press release";
  return e;
}

json as_sent(const knowledge::entry& e) {
  return json::parse(entry_to_json(e).dump());
}

entry_problem problem_of(const json& sent) {
  auto read = entry_from_json(sent, "osaka-pref");
  EXPECT_TRUE(std::holds_alternative<entry_problem>(read)) << sent.dump();
  return std::holds_alternative<entry_problem>(read) ? std::get<entry_problem>(read)
                                                     : entry_problem{};
}

TEST(EntryJsonTest, KeysFollowTheCsvColumnsInOrder) {
  std::vector<std::string> keys;
  const nlohmann::ordered_json object = entry_to_json(full_entry());
  for (const auto& item : object.items()) {
    keys.push_back(item.key());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "title", "questions", "answer", "links",
                                            "keywords", "valid_from", "valid_until", "event_start",
                                            "event_end", "apply_until", "source"}));
  EXPECT_EQ(entry_to_json(knowledge::entry{})["valid_from"], nullptr);
  EXPECT_EQ(entry_to_json(knowledge::entry{})["apply_until"], nullptr);
  EXPECT_EQ(entry_to_json(full_entry())["apply_until"], "2026-06-05");
}

TEST(EntryJsonTest, WhatGetGivesPutTakesBack) {
  json sent = as_sent(full_entry());
  // The API's read-only additions come back too, and are ignored.
  sent["tenant"] = "osaka-pref";
  sent["status"] = "published";
  sent["version"] = 3;
  sent["updated_by"] = "sato";
  auto read = entry_from_json(sent, "osaka-pref");
  ASSERT_TRUE(std::holds_alternative<knowledge::entry>(read));
  EXPECT_EQ(std::get<knowledge::entry>(read), full_entry());
}

TEST(EntryJsonTest, MissingListsAndDatesAreEmpty) {
  auto read = entry_from_json(json{{"id", "a"}, {"title", "t"}, {"answer", "本文"}}, "morioka");
  ASSERT_TRUE(std::holds_alternative<knowledge::entry>(read));
  const auto& e = std::get<knowledge::entry>(read);
  EXPECT_EQ(e.tenant, "morioka");
  EXPECT_TRUE(e.links.empty());
  EXPECT_FALSE(e.valid_from);
  EXPECT_FALSE(e.apply_until);
}

TEST(EntryJsonTest, EmptyFormRowsAreDropped) {
  json sent = as_sent(full_entry());
  sent["questions"].push_back("");
  sent["links"].push_back({{"label", ""}, {"url", ""}});
  auto read = entry_from_json(sent, "osaka-pref");
  ASSERT_TRUE(std::holds_alternative<knowledge::entry>(read));
  EXPECT_EQ(std::get<knowledge::entry>(read), full_entry());
}

TEST(EntryJsonTest, EachMistakeNamesItsField) {
  const struct {
    const char* key;
    json value;
    const char* field;
  } cases[] = {
      {"id", "has space", "id"},
      {"id", "", "id"},
      {"id", std::string(65, 'a'), "id"},
      {"answer", "", "answer"},
      {"answer", 5, "answer"},
      {"questions", "not a list", "questions"},
      {"questions", json::array({"ok", 3}), "questions[1]"},
      {"links", json::array({{{"label", "x"}, {"url", "javascript:alert(1)"}}}), "links[0].url"},
      {"links", json::array({{{"label", ""}, {"url", "https://example.jp"}}}), "links[0].label"},
      {"links", json::array({"https://example.jp"}), "links[0]"},
      {"valid_from", "2026/05/01", "valid_from"},
      {"valid_until", "2026-04-01", "valid_until"},  // before valid_from
      {"event_end", "2026-06-09", "event_end"},      // before event_start
      {"apply_until", "2026-6-5", "apply_until"},
      {"apply_until", 20260605, "apply_until"},
      {"apply_until", "2026-06-11", "apply_until"},  // after event_end
      {"tenant", "morioka", "tenant"},
      {"answr", "typo", "answr"},
  };
  for (const auto& c : cases) {
    json sent = as_sent(full_entry());
    sent[c.key] = c.value;
    const entry_problem problem = problem_of(sent);
    EXPECT_EQ(problem.field, c.field) << c.key << " = " << c.value.dump();
    EXPECT_FALSE(problem.message.empty());
  }
}

TEST(EntryJsonTest, ARegistrationDeadlineAfterTheEventSaysWhatToFix) {
  json sent = as_sent(full_entry());
  sent["apply_until"] = "2026-06-11";
  const entry_problem problem = problem_of(sent);
  EXPECT_EQ(problem.field, "apply_until");
  EXPECT_EQ(problem.message,
            "申込締切（2026-06-11）が開催日の終わり（2026-06-10）より後になっています。"
            "申込締切を開催日の終わりまでの日にするか、開催日を直してください。");
  // A one-day event may give only its start.
  sent["event_end"] = nullptr;
  EXPECT_EQ(problem_of(sent).field, "apply_until");
  sent["event_end"] = "2026-06-10";
  // On the last day of the event, or with no event dates, a deadline is fine.
  sent["apply_until"] = "2026-06-10";
  EXPECT_TRUE(std::holds_alternative<knowledge::entry>(entry_from_json(sent, "osaka-pref")));
  sent["event_start"] = nullptr;
  sent["event_end"] = nullptr;
  sent["apply_until"] = "2026-07-01";
  EXPECT_TRUE(std::holds_alternative<knowledge::entry>(entry_from_json(sent, "osaka-pref")));
  sent["apply_until"] = "";  // an emptied form field
  const auto read = entry_from_json(sent, "osaka-pref");
  ASSERT_TRUE(std::holds_alternative<knowledge::entry>(read));
  EXPECT_FALSE(std::get<knowledge::entry>(read).apply_until);
}

// The admin preview renders links as <a href>: only web addresses may get in (S9, row 28).
TEST(EntryJsonTest, LinksMustBeWebAddresses) {
  for (const char* url :
       {"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:x",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "/relative/path",
        "//evil.example/x", "example.jp/apply", "https://", "https:///path", "http://?x",
        "https://exa mple.jp", "https://example.jp/\\x", "https://example.jp/\x01",
        "ftp://example.jp/file"}) {
    json sent = as_sent(full_entry());
    sent["links"] = json::array({{{"label", "申し込み"}, {"url", url}}});
    const entry_problem problem = problem_of(sent);
    EXPECT_EQ(problem.field, "links[0].url") << url;
    EXPECT_NE(problem.message.find("https://"), std::string::npos) << problem.message;
  }
  for (const char* url : {"https://example.jp/apply", "http://example.jp", "HTTPS://EXAMPLE.JP/a",
                          "https://www.city.example.jp/path?q=1#top"}) {
    json sent = as_sent(full_entry());
    sent["links"] = json::array({{{"label", "申し込み"}, {"url", url}}});
    const auto read = entry_from_json(sent, "osaka-pref");
    ASSERT_TRUE(std::holds_alternative<knowledge::entry>(read)) << url;
    EXPECT_EQ(std::get<knowledge::entry>(read).links.at(0).url, url);
  }
}

TEST(EntryJsonTest, NeedsATitleOrAQuestion) {
  json sent = as_sent(full_entry());
  sent["title"] = "";
  sent["questions"] = json::array();
  EXPECT_EQ(problem_of(sent).field, "title");
  EXPECT_EQ(problem_of(json::array()).field, "");
}

TEST(EntryJsonTest, StaffTextStaysText) {
  knowledge::entry e = full_entry();
  e.title = "<script>alert(1)</script>";
  json sent = as_sent(e);
  auto read = entry_from_json(sent, "osaka-pref");
  ASSERT_TRUE(std::holds_alternative<knowledge::entry>(read));
  EXPECT_EQ(std::get<knowledge::entry>(read).title, "<script>alert(1)</script>");
}

}  // namespace
}  // namespace madoguchi::admin
