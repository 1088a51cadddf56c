// Tests of knowledge::plan_import: what an import would do, decided before anything is written.
#include "madoguchi/knowledge/import_plan.hpp"

#include <gtest/gtest.h>

namespace madoguchi::knowledge {
namespace {

entry faq(std::string id, std::string answer) {
  entry e;
  e.tenant = "amagasaki";
  e.id = std::move(id);
  e.title = "題 " + e.id;
  e.answer = std::move(answer);
  return e;
}

TEST(plan_import, sorts_the_files_entries_into_added_changed_and_unchanged_in_file_order) {
  const std::vector<entry> published = {faq("1", "a"), faq("2", "b"), faq("3", "c")};
  const import_plan plan =
      plan_import(published, {faq("4", "d"), faq("2", "B"), faq("1", "a")}, false);
  ASSERT_EQ(plan.added.size(), 1u);
  EXPECT_EQ(plan.added[0].id, "4");
  ASSERT_EQ(plan.updated.size(), 1u);
  EXPECT_EQ(plan.updated[0].before.answer, "b");
  EXPECT_EQ(plan.updated[0].after.answer, "B");
  EXPECT_EQ(plan.unchanged, 1u);
  EXPECT_TRUE(plan.retired.empty()) << "without replace nothing is retired";
}

TEST(plan_import, with_replace_retires_what_the_file_leaves_out_in_id_order) {
  const std::vector<entry> published = {faq("b", "x"), faq("a", "x"), faq("c", "x")};
  const import_plan plan = plan_import(published, {faq("c", "x")}, true);
  ASSERT_EQ(plan.retired.size(), 2u);
  EXPECT_EQ(plan.retired[0].id, "a");
  EXPECT_EQ(plan.retired[1].id, "b");
  EXPECT_EQ(plan.unchanged, 1u);
}

TEST(plan_import, a_change_in_any_field_is_an_update) {
  entry before = faq("1", "a");
  entry after = before;
  after.apply_until = parse_date("2026-04-01");
  const import_plan plan = plan_import({before}, {after}, false);
  EXPECT_EQ(plan.updated.size(), 1u);
  EXPECT_EQ(plan.unchanged, 0u);
}

}  // namespace
}  // namespace madoguchi::knowledge
