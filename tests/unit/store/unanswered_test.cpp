// Tests of store::unanswered_log on a real SQLite file: counting, the order of the inbox,
// attaching to an entry, a question asked again after it was attached, and dismissing one.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::store {
namespace {

using unanswered_test = sqlite_file_test;

std::vector<std::string> texts(const std::vector<unanswered_question>& questions) {
  std::vector<std::string> result;
  for (const unanswered_question& q : questions) {
    result.push_back(q.normalized_text);
  }
  return result;
}

TEST_F(unanswered_test, record_counts_and_keeps_the_latest_wording) {
  auto db = open();
  unanswered_log& log = db->unanswered();
  log.record("osaka-pref", "ごみ 収集日", "ゴミの収集日は？", "p1", 100);
  log.record("osaka-pref", "ごみ 収集日", "ごみ収集日", "p2", 200);
  const auto open = log.open({}, 10);
  ASSERT_EQ(open.size(), 1u);
  const unanswered_question& q = open[0];
  EXPECT_EQ(q.tenant, "osaka-pref");
  EXPECT_EQ(q.text, "ごみ収集日");
  EXPECT_EQ(q.last_sender, "p2");
  EXPECT_EQ(q.count, 2);
  EXPECT_EQ(q.first_seen, 100);
  EXPECT_EQ(q.last_seen, 200);
  EXPECT_EQ(q.attached_entry, "");
  EXPECT_EQ(log.find(q.id), q);
  EXPECT_FALSE(log.find(q.id + 1));
  // The same text of another tenant is another question.
  log.record("morioka", "ごみ 収集日", "ゴミの収集日は？", "p3", 300);
  EXPECT_EQ(log.open({}, 10).size(), 2u);
}

TEST_F(unanswered_test, open_is_most_frequent_first_then_latest_per_tenant_list) {
  auto db = open();
  unanswered_log& log = db->unanswered();
  log.record("osaka-pref", "once-old", "x", "p", 10);
  log.record("osaka-pref", "twice", "x", "p", 11);
  log.record("osaka-pref", "twice", "x", "p", 12);
  log.record("morioka", "once-new", "x", "p", 50);
  log.record("yokote", "thrice", "x", "p", 1);
  log.record("yokote", "thrice", "x", "p", 2);
  log.record("yokote", "thrice", "x", "p", 3);

  EXPECT_EQ(texts(log.open({}, 10)),
            (std::vector<std::string>{"thrice", "twice", "once-new", "once-old"}));
  EXPECT_EQ(texts(log.open({"osaka-pref", "morioka"}, 10)),
            (std::vector<std::string>{"twice", "once-new", "once-old"}));
  EXPECT_EQ(texts(log.open({"osaka-pref"}, 1)), std::vector<std::string>{"twice"});
  EXPECT_TRUE(log.open({"nowhere"}, 10).empty());
}

TEST_F(unanswered_test, an_attached_question_leaves_the_inbox_until_asked_again) {
  auto db = open();
  unanswered_log& log = db->unanswered();
  log.record("osaka-pref", "ごみ", "ごみ？", "p1", 100);
  const std::int64_t id = log.open({}, 10).at(0).id;
  log.mark_attached(id, "garbage-days");
  EXPECT_TRUE(log.open({}, 10).empty());
  EXPECT_EQ(log.find(id)->attached_entry, "garbage-days");

  log.record("osaka-pref", "ごみ", "ごみの日？", "p2", 200);
  const auto open = log.open({}, 10);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, id);
  EXPECT_EQ(open[0].count, 2);
  EXPECT_EQ(open[0].attached_entry, "");
}

// A dismissed question (nothing to answer) stays out of the inbox when asked again, still
// counted; an attached one asked again comes back, as its entry did not catch it.
TEST_F(unanswered_test, a_dismissed_question_stays_set_aside_when_asked_again) {
  auto db = open();
  unanswered_log& log = db->unanswered();
  log.record("osaka-pref", "天気", "明日の天気は？", "p1", 100);
  log.record("osaka-pref", "ごみ", "ごみの日", "p1", 100);
  const std::int64_t weather = log.open({}, 10).at(0).id;
  log.mark_dismissed(weather, 150);
  EXPECT_EQ(texts(log.open({}, 10)), std::vector<std::string>{"ごみ"});
  log.record("osaka-pref", "天気", "天気おしえて", "p2", 200);
  EXPECT_EQ(texts(log.open({}, 10)), std::vector<std::string>{"ごみ"});
  const auto dismissed = log.find(weather);
  ASSERT_TRUE(dismissed);
  EXPECT_EQ(dismissed->dismissed_at, 150);
  EXPECT_EQ(dismissed->count, 2);
}

}  // namespace
}  // namespace madoguchi::store
