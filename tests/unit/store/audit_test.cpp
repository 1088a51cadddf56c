// Tests of store::audit_log on a real SQLite file: append-only rows, newest first, filters.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::store {
namespace {

using audit_test = sqlite_file_test;

audit_record row(std::string action, std::string tenant, std::string target = "") {
  audit_record r;
  r.actor = "sato";
  r.action = std::move(action);
  r.tenant = std::move(tenant);
  r.target = std::move(target);
  return r;
}

std::vector<std::string> actions(const std::vector<audit_record>& records) {
  std::vector<std::string> result;
  for (const audit_record& r : records) {
    result.push_back(r.action);
  }
  return result;
}

audit_query query(std::vector<std::string> tenants, std::string target = "",
                  std::size_t limit = 200, std::int64_t before_id = 0) {
  audit_query q;
  q.tenants = std::move(tenants);
  q.target = std::move(target);
  q.limit = limit;
  q.before_id = before_id;
  return q;
}

// "YYYY-MM-DDTHH:MM:SS.sssZ", checked without std::regex (see line_e2e_test).
bool is_utc_with_milliseconds(const std::string& at) {
  if (at.size() != 24) {
    return false;
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    const char expected = i == 4 || i == 7     ? '-'
                          : i == 10            ? 'T'
                          : i == 13 || i == 16 ? ':'
                          : i == 19            ? '.'
                          : i == 23            ? 'Z'
                                               : '0';
    if (expected == '0' ? (at[i] < '0' || at[i] > '9') : at[i] != expected) {
      return false;
    }
  }
  return true;
}

TEST_F(audit_test, append_sets_id_and_time_and_keeps_every_field) {
  auto db = open();
  audit_record written = row("entry.publish", "osaka-pref", "seminar");
  written.before = R"({"answer":"old"})";
  written.after = R"({"answer":"new"})";
  written.id = 99;      // ignored: the store sets it
  written.at = "then";  // likewise
  const std::int64_t first = db->audit().append(written);
  const std::int64_t second = db->audit().append(row("login", ""));
  EXPECT_LT(first, second);

  const auto records = db->audit().query(query({}));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, second);
  EXPECT_EQ(records[1].id, first);
  EXPECT_TRUE(is_utc_with_milliseconds(records[1].at)) << records[1].at;
  written.id = first;
  written.at = records[1].at;
  EXPECT_EQ(records[1], written);
}

TEST_F(audit_test, query_filters_by_tenant_target_and_position) {
  auto db = open();
  db->audit().append(row("login", ""));
  db->audit().append(row("entry.create", "osaka-pref", "a"));
  db->audit().append(row("entry.create", "morioka", "b"));
  db->audit().append(row("entry.publish", "osaka-pref", "a"));
  const std::int64_t last = db->audit().append(row("entry.draft", "yokote", "a"));

  EXPECT_EQ(actions(db->audit().query(query({}))),
            (std::vector<std::string>{"entry.draft", "entry.publish", "entry.create",
                                      "entry.create", "login"}));
  // An editor of osaka-pref and morioka: no login rows, no other tenant.
  const auto editor = db->audit().query(query({"osaka-pref", "morioka"}));
  EXPECT_EQ(actions(editor),
            (std::vector<std::string>{"entry.publish", "entry.create", "entry.create"}));
  EXPECT_EQ(actions(db->audit().query(query({"osaka-pref"}, "a"))),
            (std::vector<std::string>{"entry.publish", "entry.create"}));
  EXPECT_EQ(db->audit().query(query({}, "a")).size(), 3u);
  EXPECT_EQ(actions(db->audit().query(query({}, "", 2))),
            (std::vector<std::string>{"entry.draft", "entry.publish"}));
  EXPECT_EQ(actions(db->audit().query(query({}, "", 2, last - 1))),
            (std::vector<std::string>{"entry.create", "entry.create"}));
  EXPECT_TRUE(db->audit().query(query({"nowhere"})).empty());
}

TEST_F(audit_test, rows_cannot_be_changed_or_deleted) {
  auto db = open();
  db->audit().append(row("login", ""));
  const inspector file(path());
  EXPECT_FALSE(file.execute("UPDATE audit_log SET actor = 'someone else'"));
  EXPECT_FALSE(file.execute("DELETE FROM audit_log"));
  EXPECT_EQ(file.text("SELECT actor FROM audit_log"), "sato");
}

}  // namespace
}  // namespace madoguchi::store
