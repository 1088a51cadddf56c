// Tests of store::privacy on a real SQLite file: forgetting one person leaves others alone,
// decided events keep no payload, and the retention purge keeps what is recent or still owed.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

namespace madoguchi::store {
namespace {

using privacy_test = sqlite_file_test;

outbox_message sent_to(std::int64_t journal_id, std::string recipient, std::int64_t created_ms) {
  outbox_message m;
  m.journal_id = journal_id;
  m.tenant = "osaka-pref";
  m.platform = "messenger";
  m.recipient = std::move(recipient);
  m.kind = "messages";
  m.body = R"({"message":{"text":"answer"}})";
  m.created_ms = created_ms;
  return m;
}

std::int64_t journal_one(database& db, const std::string& key) {
  return db.inbound()
      .append({{"messenger", key, "osaka-pref", R"({"text":"子どものこと"})"}})
      .value()
      .at(0)
      .value();
}

TEST_F(privacy_test, a_decided_event_keeps_no_payload) {
  auto db = open();
  const std::int64_t id = journal_one(*db, "m1");
  ASSERT_TRUE(db->inbound().complete(id, "replied"));
  db.reset();
  EXPECT_EQ(inspector(path()).text("SELECT payload || '|' || outcome FROM inbound_journal"),
            "|replied");
}

TEST_F(privacy_test, forgetting_a_person_removes_their_rows_and_no_one_elses) {
  auto db = open();
  const std::int64_t a = journal_one(*db, "m1");
  const std::int64_t b = journal_one(*db, "m2");
  std::vector<outbox_message> messages = {sent_to(a, "PSID-A", 1), sent_to(b, "PSID-B", 1),
                                          sent_to(a, "PSID-A", 2)};
  db->outbox().add(messages);
  db->outbox().mark_sent(messages[0].id, "replied");
  db->outbox().mark_sent(messages[1].id, "replied");  // the third is still pending
  db->conversations().save({"osaka-pref", "messenger", "PSID-A", "{}", false, "", 10, 0});
  db->conversations().save({"osaka-pref", "messenger", "PSID-B", "{}", false, "", 10, 0});
  db->unanswered().record("osaka-pref", "only a", "only a", "p_a", 10);
  db->unanswered().record("osaka-pref", "shared", "shared", "p_b", 10);
  db->unanswered().record("osaka-pref", "shared", "shared", "p_a", 11);

  const forgotten f = db->privacy().forget_person("messenger", "PSID-A", "p_a");
  EXPECT_EQ(f.conversations, 1);
  EXPECT_EQ(f.messages, 1);
  EXPECT_EQ(f.unanswered, 1);
  EXPECT_FALSE(db->conversations().find("osaka-pref", "messenger", "PSID-A"));
  EXPECT_TRUE(db->conversations().find("osaka-pref", "messenger", "PSID-B"));
  EXPECT_EQ(db->outbox().pending().size(), 1u);  // owed to them still; sent, then forgettable
  const auto open_questions = db->unanswered().open({}, 10);
  ASSERT_EQ(open_questions.size(), 1u);
  EXPECT_EQ(open_questions[0].normalized_text, "shared");
  EXPECT_EQ(open_questions[0].last_sender, "");
  // The same id on another platform is another person.
  EXPECT_EQ(db->privacy().forget_person("line", "PSID-B", "p_b").conversations, 0);
}

TEST_F(privacy_test, the_purge_keeps_recent_rows_and_answers_still_owed) {
  auto db = open();
  const std::int64_t old_event = journal_one(*db, "old");
  const std::int64_t owed_event = journal_one(*db, "owed");
  ASSERT_TRUE(db->inbound().complete(old_event, "replied"));
  std::vector<outbox_message> messages = {sent_to(old_event, "PSID-A", 1'000'000),
                                          sent_to(owed_event, "PSID-B", 1'000'000)};
  db->outbox().add(messages);
  db->outbox().mark_sent(messages[0].id, "replied");
  db->conversations().save({"osaka-pref", "messenger", "PSID-A", "{}", true, "asked", 1000, 900});
  db->conversations().save({"osaka-pref", "messenger", "PSID-B", "{}", false, "", 5000, 0});
  db->unanswered().record("osaka-pref", "old question", "old question", "p", 1000);
  db->unanswered().record("osaka-pref", "new question", "new question", "p", 5000);

  // Everything journaled "now" is newer than a cutoff in 1970, except by the rows' own clocks.
  const purged p = db->privacy().purge_before(2000);
  EXPECT_EQ(p.messages, 1);  // the sent one; the pending one is still owed
  EXPECT_EQ(p.unanswered, 1);
  EXPECT_EQ(p.conversations, 1);  // held by staff, but idle beyond retention
  EXPECT_EQ(p.journal, 0);        // received now
  EXPECT_EQ(db->outbox().pending().size(), 1u);
  EXPECT_TRUE(db->conversations().find("osaka-pref", "messenger", "PSID-B"));

  // A cutoff after now removes the decided journal row, never the one whose answer is owed.
  const std::int64_t tomorrow = std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count() +
                                86400;
  EXPECT_EQ(db->privacy().purge_before(tomorrow).journal, 1);
  EXPECT_EQ(db->inbound().pending().size(), 1u);
}

}  // namespace
}  // namespace madoguchi::store
