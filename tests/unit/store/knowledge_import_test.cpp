// Tests of knowledge_repository::import_entries and published_entries(tenant) on a real SQLite
// file: the counts, versions kept (never overwritten), retiring with replace, and atomicity.
#include "madoguchi/store/database.hpp"
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace madoguchi::store {
namespace {

constexpr std::string_view author = "madoguchi kb import";

class knowledge_import_test : public sqlite_file_test {};

knowledge::entry faq(std::string id, std::string answer, std::string tenant = "amagasaki") {
  knowledge::entry e;
  e.tenant = std::move(tenant);
  e.id = std::move(id);
  e.title = "title of " + e.id;
  e.answer = std::move(answer);
  return e;
}

const knowledge::tenant amagasaki{"amagasaki", "amagasaki"};

TEST_F(knowledge_import_test, a_first_import_creates_the_tenant_and_publishes_version_1) {
  auto db = open();
  const std::vector<knowledge::entry> entries = {faq("1", "a"), faq("2", "b")};
  EXPECT_EQ(db->knowledge().import_entries(amagasaki, entries, false, author),
            (import_counts{.added = 2}));
  EXPECT_EQ(db->knowledge().tenants(), std::vector<knowledge::tenant>{amagasaki});
  EXPECT_EQ(db->knowledge().published_entries("amagasaki"), entries);
  const inspector file(path());
  EXPECT_EQ(file.text("SELECT group_concat(version || ':' || author) FROM entry_versions"),
            "1:madoguchi kb import,1:madoguchi kb import");
}

TEST_F(knowledge_import_test, counts_added_updated_and_unchanged_and_keeps_old_versions) {
  auto db = open();
  db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("2", "b")}, false, author);
  EXPECT_EQ(db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("2", "B"), faq("3", "c")},
                                           false, author),
            (import_counts{.added = 1, .updated = 1, .unchanged = 1}));
  EXPECT_EQ(db->knowledge().published_entries("amagasaki"),
            (std::vector<knowledge::entry>{faq("1", "a"), faq("2", "B"), faq("3", "c")}));
  const inspector file(path());
  EXPECT_EQ(file.text("SELECT count(*) FROM entry_versions WHERE entry_id = '1'"), "1");
  EXPECT_EQ(file.text("SELECT group_concat(answer, '>') FROM (SELECT answer FROM entry_versions "
                      "WHERE entry_id = '2' ORDER BY version)"),
            "b>B");
  EXPECT_EQ(file.text("SELECT published_version FROM entries WHERE entry_id = '2'"), "2");
}

TEST_F(knowledge_import_test, replace_retires_absent_entries_without_deleting_them) {
  auto db = open();
  db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("2", "b"), faq("3", "c")}, false,
                                 author);
  // Without replace, entries absent from the file stay published.
  EXPECT_EQ(db->knowledge().import_entries(amagasaki, {faq("1", "a")}, false, author),
            (import_counts{.unchanged = 1}));
  EXPECT_EQ(db->knowledge().published_entries("amagasaki").size(), 3u);

  EXPECT_EQ(db->knowledge().import_entries(amagasaki, {faq("1", "a")}, true, author),
            (import_counts{.unchanged = 1, .retired = 2}));
  EXPECT_EQ(db->knowledge().published_entries("amagasaki"),
            std::vector<knowledge::entry>{faq("1", "a")});
  const inspector file(path());
  EXPECT_EQ(file.text("SELECT count(*) FROM entries WHERE published_version IS NULL"), "2");
  EXPECT_EQ(file.text("SELECT count(*) FROM entry_versions"), "3");

  // A retired id in a later file is published again, as a new version.
  EXPECT_EQ(db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("2", "b")}, true, author),
            (import_counts{.added = 1, .unchanged = 1}));
  EXPECT_EQ(file.text("SELECT published_version FROM entries WHERE entry_id = '2'"), "2");
}

TEST_F(knowledge_import_test, touches_only_its_own_tenant_and_keeps_an_existing_name) {
  auto db = open();
  db->knowledge().ensure_tenant({"amagasaki", "尼崎市"});
  const knowledge::entry other = faq("1", "other tenant", "itami");
  db->knowledge().import_entries({"itami", "itami"}, {other}, false, author);
  EXPECT_EQ(db->knowledge().import_entries(amagasaki, {faq("1", "a")}, true, author),
            (import_counts{.added = 1}));
  EXPECT_EQ(db->knowledge().published_entries("itami"), std::vector<knowledge::entry>{other});
  EXPECT_EQ(db->knowledge().published_entries().size(), 2u);
  EXPECT_EQ(db->knowledge().tenants(),
            (std::vector<knowledge::tenant>{{"amagasaki", "尼崎市"}, {"itami", "itami"}}));
}

TEST_F(knowledge_import_test, published_entries_of_a_tenant_are_ordered_by_id) {
  auto db = open();
  db->knowledge().import_entries(amagasaki, {faq("b", "x"), faq("10", "x"), faq("a", "x")}, false,
                                 author);
  std::vector<std::string> ids;
  for (const knowledge::entry& e : db->knowledge().published_entries("amagasaki")) {
    ids.push_back(e.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"10", "a", "b"}));
  EXPECT_TRUE(db->knowledge().published_entries("nowhere").empty());
}

TEST_F(knowledge_import_test, a_failing_import_changes_nothing) {
  auto db = open();
  db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("2", "b")}, false, author);
  const inspector file(path());
  // Entry "boom" cannot be written, after the entries before it already were in the transaction.
  file.text(
      "CREATE TRIGGER refuse_boom BEFORE INSERT ON entry_versions WHEN NEW.entry_id = 'boom' "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const auto before = db->knowledge().published_entries();

  EXPECT_THROW(db->knowledge().import_entries(
                   amagasaki, {faq("1", "A"), faq("3", "c"), faq("boom", "x")}, true, author),
               std::runtime_error);
  EXPECT_THROW(db->knowledge().import_entries(
                   {"newtown", "newtown"}, {faq("1", "n", "newtown"), faq("boom", "x", "newtown")},
                   false, author),
               std::runtime_error);

  EXPECT_EQ(db->knowledge().published_entries(), before);
  EXPECT_EQ(db->knowledge().tenants(), std::vector<knowledge::tenant>{amagasaki});
  EXPECT_EQ(file.text("SELECT count(*) FROM entry_versions"), "2");
  EXPECT_EQ(file.text("SELECT count(*) FROM entries"), "2");
  // The transaction was rolled back, not left open: the next import works.
  EXPECT_EQ(db->knowledge().import_entries(amagasaki, {faq("1", "A")}, false, author),
            (import_counts{.updated = 1}));
}

TEST_F(knowledge_import_test, entries_of_another_tenant_or_repeated_ids_are_refused) {
  auto db = open();
  EXPECT_THROW(db->knowledge().import_entries(amagasaki, {faq("1", "a", "itami")}, false, author),
               std::invalid_argument);
  EXPECT_THROW(
      db->knowledge().import_entries(amagasaki, {faq("1", "a"), faq("1", "b")}, false, author),
      std::invalid_argument);
  EXPECT_TRUE(db->knowledge().tenants().empty());
}

}  // namespace
}  // namespace madoguchi::store
