// The fixture of the store tests: a fresh temporary directory per test for the database file,
// and a second, independent SQLite connection to inspect what was written.
#pragma once

#include "madoguchi/store/database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

namespace madoguchi::store {

class inspector {
 public:
  explicit inspector(const std::filesystem::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path.string());
    }
  }
  ~inspector() { sqlite3_close(db_); }
  inspector(const inspector&) = delete;
  inspector& operator=(const inspector&) = delete;

  // The first column of the first row, "(null)", or "(no row)".
  std::string text(const std::string& sql) const { return query(db_, sql); }

  // Runs SQL without results; false when SQLite refuses it.
  bool execute(const std::string& sql) const {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  // SQLite's message about the last statement that failed.
  std::string last_error() const { return sqlite3_errmsg(db_); }

  static std::string query(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db));
    }
    std::string value = "(no row)";
    if (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(statement, 0);
      value = text ? reinterpret_cast<const char*>(text) : "(null)";
    }
    sqlite3_finalize(statement);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Runs the statements of `sql` on the file through a connection of its own (open_sqlite would
// migrate it back), making it what the release with schema `version` wrote.
inline void downgrade(const std::filesystem::path& path, const std::string& sql, int version) {
  inspector db(path);
  if (!db.execute(sql + "\nPRAGMA user_version = " + std::to_string(version) + ";")) {
    throw std::runtime_error("cannot downgrade " + path.string() + " to schema " +
                             std::to_string(version) + ": " + db.last_error());
  }
}

// Turns the file into what the release with schema 8 wrote (before 予約公開): the columns of
// migration 9 removed, user_version 8. Existing rows stay.
inline void downgrade_to_schema_8(const std::filesystem::path& path) {
  downgrade(path,
            "DROP INDEX entries_scheduled; ALTER TABLE entries DROP COLUMN publish_at; "
            "ALTER TABLE entries DROP COLUMN publish_by;",
            8);
}

// Turns the file into what the release with schema 7 wrote (before versions knew when they went
// live): the columns of migrations 8 and 9 removed, user_version 7. Existing rows stay.
inline void downgrade_to_schema_7(const std::filesystem::path& path) {
  downgrade_to_schema_8(path);
  downgrade(path, "ALTER TABLE entry_versions DROP COLUMN published_at;", 7);
}

// Turns the file into what the release with schema 6 wrote (before dismissing unanswered
// questions): the columns of migrations 7 and 8 removed, user_version 6. Existing rows stay.
inline void downgrade_to_schema_6(const std::filesystem::path& path) {
  downgrade_to_schema_7(path);
  downgrade(path, R"sql(
DROP INDEX unanswered_open; ALTER TABLE unanswered DROP COLUMN dismissed_at;
CREATE INDEX unanswered_open ON unanswered(tenant_id, count DESC, last_seen DESC)
  WHERE attached_entry = '';)sql",
            6);
}

// Turns the file into what the release with schema 5 wrote (before apply_until): the columns of
// migrations 6 to 8 removed, user_version 5. Existing rows stay, as they would have been.
inline void downgrade_to_schema_5(const std::filesystem::path& path) {
  downgrade_to_schema_6(path);
  downgrade(path, "ALTER TABLE entry_versions DROP COLUMN apply_until;", 5);
}

// Turns the file into what the release with schema 2 wrote (before the staff tools): the
// objects of migrations 3 to 8 removed, user_version 2. Existing rows stay, as they would have
// been.
inline void downgrade_to_schema_2(const std::filesystem::path& path) {
  downgrade_to_schema_5(path);
  downgrade(path, R"sql(
DROP TABLE outbox;
DROP TABLE staff_sessions; DROP TABLE staff_tenants; DROP TABLE staff;
DROP TABLE audit_log; DROP TABLE unanswered;
ALTER TABLE entries DROP COLUMN draft_version; ALTER TABLE entries DROP COLUMN retired;)sql",
            2);
}

class sqlite_file_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("madoguchi-store-test-" + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path path() const { return dir_ / "madoguchi.db"; }
  std::unique_ptr<database> open() const { return open_sqlite({.path = path().string()}); }

  std::filesystem::path dir_;
};

}  // namespace madoguchi::store
