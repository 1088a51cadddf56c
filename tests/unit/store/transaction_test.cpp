// Tests of database::in_transaction on a real SQLite file: a change and its audit row are
// written together or not at all, also when an import (itself transactional) runs inside.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace madoguchi::store {
namespace {

using transaction_test = sqlite_file_test;

const knowledge::tenant amagasaki{"amagasaki", "尼崎市"};

knowledge::entry faq(std::string id) {
  knowledge::entry e;
  e.tenant = "amagasaki";
  e.id = std::move(id);
  e.title = "title of " + e.id;
  e.answer = "answer";
  return e;
}

audit_record row(std::string action) {
  audit_record r;
  r.actor = "cli:test";
  r.action = std::move(action);
  r.tenant = "amagasaki";
  return r;
}

TEST_F(transaction_test, a_change_and_its_audit_row_are_committed_together) {
  auto db = open();
  db->in_transaction([&] {
    db->knowledge().import_entries(amagasaki, {faq("1")}, false, "import");
    db->audit().append(row("entry.import"));
  });
  const inspector file(path());  // another connection sees both
  EXPECT_EQ(file.text("SELECT count(*) FROM entry_versions"), "1");
  EXPECT_EQ(file.text("SELECT action FROM audit_log"), "entry.import");
}

TEST_F(transaction_test, an_exception_rolls_back_everything_including_a_nested_import) {
  auto db = open();
  EXPECT_THROW(db->in_transaction([&] {
    db->knowledge().import_entries(amagasaki, {faq("1"), faq("2")}, false, "import");
    db->in_transaction([&] {  // nested: joins the outer transaction
      db->audit().append(row("entry.import"));
    });
    throw std::runtime_error("the caller changed its mind");
  }),
               std::runtime_error);
  const inspector file(path());
  EXPECT_EQ(file.text("SELECT count(*) FROM tenants"), "0");
  EXPECT_EQ(file.text("SELECT count(*) FROM entries"), "0");
  EXPECT_EQ(file.text("SELECT count(*) FROM entry_versions"), "0");
  EXPECT_EQ(file.text("SELECT count(*) FROM audit_log"), "0");
  EXPECT_TRUE(db->knowledge().published_entries().empty());

  // Nothing is left open: the next transaction commits.
  db->in_transaction([&] { db->audit().append(row("after")); });
  EXPECT_EQ(file.text("SELECT count(*) FROM audit_log"), "1");
}

TEST_F(transaction_test, a_failed_inner_step_is_undone_alone_when_the_caller_handles_it) {
  auto db = open();
  const inspector file(path());
  db->knowledge().ensure_tenant(amagasaki);
  file.text(
      "CREATE TRIGGER refuse_boom BEFORE INSERT ON entry_versions WHEN NEW.entry_id = 'boom' "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  db->in_transaction([&] {
    EXPECT_THROW(
        db->knowledge().import_entries(amagasaki, {faq("1"), faq("boom")}, false, "import"),
        std::runtime_error);
    db->audit().append(row("entry.import.failed"));
  });
  EXPECT_EQ(file.text("SELECT count(*) FROM entry_versions"), "0");
  EXPECT_EQ(file.text("SELECT count(*) FROM entries"), "0");
  EXPECT_EQ(file.text("SELECT action FROM audit_log"), "entry.import.failed");
}

TEST_F(transaction_test, editorial_changes_join_the_callers_transaction) {
  auto db = open();
  db->knowledge().ensure_tenant(amagasaki);
  EXPECT_THROW(db->in_transaction([&] {
    ASSERT_TRUE(db->editorial().create(faq("1"), "sato"));
    ASSERT_TRUE(db->editorial().save_draft(faq("1"), "sato"));
    throw std::runtime_error("audit failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(db->editorial().find("amagasaki", "1"));
}

}  // namespace
}  // namespace madoguchi::store
