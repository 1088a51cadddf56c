// Tests of store::outbox on a real SQLite file: order, state changes, a dead letter, and what a
// reopened database still has to send.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

namespace madoguchi::store {
namespace {

using outbox_test = sqlite_file_test;

std::int64_t journal_one(database& db, const std::string& key) {
  const auto ids = db.inbound().append({{"line", key, "osaka-pref", "{}"}});
  return ids.value().at(0).value();
}

outbox_message message(std::int64_t journal_id, std::string kind, std::string body) {
  outbox_message m;
  m.journal_id = journal_id;
  m.tenant = "osaka-pref";
  m.platform = "line";
  m.recipient = "U1";
  m.kind = std::move(kind);
  m.body = std::move(body);
  m.reply_token = "rt";
  m.reply_deadline_ms = 1'700'000'050'000;
  m.retry_key = "123e4567-e89b-42d3-a456-426614174000";
  m.critical = true;
  m.created_ms = 1'700'000'000'000;
  return m;
}

TEST_F(outbox_test, added_messages_are_pending_in_order_with_every_field) {
  auto db = open();
  const std::int64_t journal_id = journal_one(*db, "e1");
  std::vector<outbox_message> turn = {message(journal_id, "reply", "[1]"),
                                      message(journal_id, "push", "[2]")};
  turn[1].best_effort = true;
  db->in_transaction([&] { db->outbox().add(turn); });
  EXPECT_LT(turn[0].id, turn[1].id);
  EXPECT_EQ(db->outbox().pending(), turn);
  EXPECT_EQ(db->outbox().depth(), 2);
}

TEST_F(outbox_test, sent_and_dead_messages_leave_the_queue_and_retries_are_remembered) {
  auto db = open();
  const std::int64_t journal_id = journal_one(*db, "e1");
  std::vector<outbox_message> turn = {message(journal_id, "reply", "[1]"),
                                      message(journal_id, "push", "[2]"),
                                      message(journal_id, "push", "[3]")};
  db->outbox().add(turn);
  db->outbox().mark_sent(turn[0].id, "replied");
  db->outbox().reschedule(turn[1].id, 3, 1'700'000'009'000, "Internal error (code 2)");
  db->outbox().give_up(turn[2].id, "rejected: Invalid parameter (code 100)");
  const auto pending = db->outbox().pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, turn[1].id);
  EXPECT_EQ(pending[0].attempts, 3);
  EXPECT_EQ(pending[0].next_attempt_ms, 1'700'000'009'000);
  EXPECT_EQ(db->outbox().depth(), 1);
  db.reset();
  // What an operator finds: the dead letter with its reason, the sent one with its outcome.
  EXPECT_EQ(inspector(path()).text("SELECT state || ' ' || outcome FROM outbox WHERE id = " +
                                   std::to_string(turn[2].id)),
            "dead rejected: Invalid parameter (code 100)");
  EXPECT_EQ(inspector(path()).text("SELECT state || ' ' || outcome || ' ' || attempts FROM outbox "
                                   "WHERE id = " +
                                   std::to_string(turn[0].id)),
            "sent replied 1");
  EXPECT_EQ(inspector(path()).text("SELECT last_error FROM outbox WHERE id = " +
                                   std::to_string(turn[1].id)),
            "Internal error (code 2)");
}

TEST_F(outbox_test, a_turn_rolled_back_leaves_nothing_to_send) {
  auto db = open();
  const std::int64_t journal_id = journal_one(*db, "e1");
  std::vector<outbox_message> turn = {message(journal_id, "reply", "[1]")};
  EXPECT_THROW(db->in_transaction([&] {
    db->outbox().add(turn);
    throw std::runtime_error("the session could not be stored");
  }),
               std::runtime_error);
  EXPECT_TRUE(db->outbox().pending().empty());
}

TEST_F(outbox_test, pending_messages_survive_reopening_the_file) {
  std::vector<outbox_message> turn;
  {
    auto db = open();
    turn = {message(journal_one(*db, "e1"), "reply", "[1]")};
    db->outbox().add(turn);
  }
  auto reopened = open();
  EXPECT_EQ(reopened->outbox().pending(), turn);
}

}  // namespace
}  // namespace madoguchi::store
