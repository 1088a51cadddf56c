// Tests of database::backup_to on a real SQLite file: the copy opens with the same content,
// an existing file is never overwritten, and the messages say what to do.
#include "sqlite_file_test.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace madoguchi::store {
namespace {

namespace fs = std::filesystem;

using backup_test = sqlite_file_test;

knowledge::entry faq(std::string id, std::string answer) {
  knowledge::entry e;
  e.tenant = "amagasaki";
  e.id = std::move(id);
  e.title = "title of " + e.id;
  e.answer = std::move(answer);
  return e;
}

std::string message_of(database& db, const fs::path& target) {
  try {
    db.backup_to(target.string());
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  ADD_FAILURE() << "backed up to " << target;
  return {};
}

TEST_F(backup_test, the_copy_opens_with_the_same_content) {
  auto db = open();
  db->knowledge().import_entries({"amagasaki", "尼崎市"}, {faq("1", "a"), faq("2", "b")}, false,
                                 "import");
  ASSERT_TRUE(db->editorial().save_draft(faq("1", "draft"), "sato"));
  staff_account sato;
  sato.username = "sato";
  sato.password_hash = "$argon2id$x";
  ASSERT_TRUE(db->staff().add(sato));

  const fs::path target = dir_ / "backups" / "2026-12-01" / "madoguchi.db";
  db->backup_to(target.string());  // creates the directories
  ASSERT_TRUE(fs::exists(target));
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(db->ping());  // the source stays usable

  const auto copy = open_sqlite({.path = target.string()});
  EXPECT_EQ(copy->knowledge().published_entries(), db->knowledge().published_entries());
  EXPECT_EQ(copy->editorial().entries("amagasaki"), db->editorial().entries("amagasaki"));
  EXPECT_EQ(copy->staff().find("sato"), db->staff().find("sato"));
  EXPECT_EQ(inspector(target).text("PRAGMA user_version"), "9");
}

TEST_F(backup_test, an_existing_file_is_refused_and_left_alone) {
  auto db = open();
  const fs::path target = dir_ / "precious.db";
  std::ofstream(target) << "not a database, and not ours to overwrite";
  const std::string message = message_of(*db, target);
  EXPECT_NE(message.find(target.string()), std::string::npos) << message;
  EXPECT_NE(message.find("choose a new file name or delete it first"), std::string::npos)
      << message;
  std::ifstream file(target);
  std::string text;
  std::getline(file, text);
  EXPECT_EQ(text, "not a database, and not ours to overwrite");

  // The database's own file is an existing file too.
  EXPECT_NE(message_of(*db, path()).find("exists"), std::string::npos);
}

TEST_F(backup_test, an_unwritable_place_names_the_path) {
  auto db = open();
  const fs::path blocker = dir_ / "a-file";
  std::ofstream(blocker) << "x";
  const fs::path target = blocker / "copy.db";
  const std::string message = message_of(*db, target);
  EXPECT_NE(message.find(target.string()), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(target));
}

}  // namespace
}  // namespace madoguchi::store
