// RAII wrappers over sqlite3 and sqlite3_stmt, and the error category of SQLite result codes.
#pragma once

#include <sqlite3.h>

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::store::sqlite {

// Error codes whose value is an SQLite (extended) result code.
const boost::system::error_category& category();
boost::system::error_code make_error(int sqlite_code);

class statement;

class connection {
 public:
  // Opens or creates the file. Throws std::runtime_error on failure.
  explicit connection(const std::string& path);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Runs SQL without results. Throws std::runtime_error with SQLite's message on failure.
  void execute(std::string_view sql);
  // Like execute, but returns the SQLite error instead of throwing.
  boost::system::error_code try_execute(std::string_view sql);

  // A statement for `sql`: a reset one kept from an earlier use of the same text when there is
  // one, so that the hot paths (journal, conversations, outbox) do not parse SQL on every call.
  statement prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  std::string last_error() const;
  // True while a transaction is open on this connection (SQLite is not in autocommit mode).
  bool in_transaction() const;
  // For the parts of the C API this wrapper does not cover (the online backup).
  sqlite3* native_handle() { return handle_; }

 private:
  friend class statement;
  // Takes the kept statement for `sql`, if any (nullptr otherwise).
  sqlite3_stmt* take_kept(std::string_view sql);
  // Keeps `handle` (reset) for the next prepare() of its text, or finalizes it.
  void keep_or_finalize(sqlite3_stmt* handle);

  sqlite3* handle_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> kept_;  // by SQL text; not in use
};

class statement {
 public:
  statement(connection& db, std::string_view sql);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  // Binds parameter `index` (1-based).
  statement& bind(int index, std::string_view text);
  statement& bind(int index, std::int64_t value);
  statement& bind_nullable(int index, const std::optional<std::string>& text);
  statement& bind_nullable(int index, const std::optional<std::int64_t>& value);

  // Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  // Steps once, returning the SQLite result code instead of throwing (SQLITE_ROW, SQLITE_DONE, …).
  int try_step();
  void reset();

  std::string column_text(int index) const;
  std::optional<std::string> column_optional_text(int index) const;
  std::int64_t column_int(int index) const;
  std::optional<std::int64_t> column_optional_int(int index) const;

 private:
  connection& db_;
  sqlite3_stmt* handle_ = nullptr;
};

}  // namespace madoguchi::store::sqlite
