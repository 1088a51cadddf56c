// RAII wrappers over the SQLite C API.
#include "connection.hpp"

#include <stdexcept>

namespace madoguchi::store::sqlite {
namespace {

// Statements kept for reuse: every distinct SQL text the code has is far fewer; the bound stops
// texts built at run time (pragmas with a value) from growing the map.
constexpr std::size_t max_kept_statements = 256;

class sqlite_category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "sqlite"; }
  std::string message(int code) const override { return sqlite3_errstr(code); }
};

}  // namespace

const boost::system::error_category& category() {
  static const sqlite_category instance;
  return instance;
}

boost::system::error_code make_error(int sqlite_code) {
  return {sqlite_code, category()};
}

connection::connection(const std::string& path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &handle_, flags, nullptr) != SQLITE_OK) {
    const std::string message = handle_ ? sqlite3_errmsg(handle_) : "out of memory";
    sqlite3_close(handle_);
    handle_ = nullptr;
    throw std::runtime_error(message);
  }
  sqlite3_extended_result_codes(handle_, 1);
}

connection::~connection() {
  for (auto& [sql, handle] : kept_) {
    sqlite3_finalize(handle);
  }
  sqlite3_close(handle_);
}

void connection::execute(std::string_view sql) {
  if (const auto ec = try_execute(sql)) {
    throw std::runtime_error(last_error());
  }
}

boost::system::error_code connection::try_execute(std::string_view sql) {
  const int rc = sqlite3_exec(handle_, std::string(sql).c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? boost::system::error_code{} : make_error(rc);
}

statement connection::prepare(std::string_view sql) {
  return statement(*this, sql);
}

std::int64_t connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(handle_);
}

int connection::changes() const {
  return sqlite3_changes(handle_);
}

std::string connection::last_error() const {
  return sqlite3_errmsg(handle_);
}

bool connection::in_transaction() const {
  return sqlite3_get_autocommit(handle_) == 0;
}

sqlite3_stmt* connection::take_kept(std::string_view sql) {
  const auto found = kept_.find(sql);
  if (found == kept_.end()) {
    return nullptr;
  }
  sqlite3_stmt* handle = found->second;
  kept_.erase(found);
  return handle;
}

void connection::keep_or_finalize(sqlite3_stmt* handle) {
  sqlite3_reset(handle);
  sqlite3_clear_bindings(handle);
  const char* sql = sqlite3_sql(handle);
  if (sql == nullptr || kept_.size() >= max_kept_statements ||
      !kept_.try_emplace(sql, handle).second) {
    sqlite3_finalize(handle);  // another statement of the same text is already kept
  }
}

statement::statement(connection& db, std::string_view sql) : db_(db), handle_(db.take_kept(sql)) {
  if (handle_ == nullptr &&
      sqlite3_prepare_v3(db.handle_, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &handle_, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot prepare SQL: " + db.last_error());
  }
}

statement::~statement() {
  if (handle_ != nullptr) {
    db_.keep_or_finalize(handle_);
  }
}

statement& statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(handle_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

statement& statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(handle_, index, value);
  return *this;
}

statement& statement::bind_nullable(int index, const std::optional<std::string>& text) {
  if (text) {
    return bind(index, std::string_view(*text));
  }
  sqlite3_bind_null(handle_, index);
  return *this;
}

statement& statement::bind_nullable(int index, const std::optional<std::int64_t>& value) {
  if (value) {
    return bind(index, *value);
  }
  sqlite3_bind_null(handle_, index);
  return *this;
}

int statement::try_step() {
  return sqlite3_step(handle_);
}

bool statement::step() {
  const int rc = try_step();
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  throw std::runtime_error(db_.last_error());
}

void statement::reset() {
  sqlite3_reset(handle_);
  sqlite3_clear_bindings(handle_);
}

std::string statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(handle_, index);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<std::size_t>(sqlite3_column_bytes(handle_, index)))
              : std::string{};
}

std::optional<std::string> statement::column_optional_text(int index) const {
  if (sqlite3_column_type(handle_, index) == SQLITE_NULL) {
    return std::nullopt;
  }
  return column_text(index);
}

std::int64_t statement::column_int(int index) const {
  return sqlite3_column_int64(handle_, index);
}

std::optional<std::int64_t> statement::column_optional_int(int index) const {
  if (sqlite3_column_type(handle_, index) == SQLITE_NULL) {
    return std::nullopt;
  }
  return column_int(index);
}

}  // namespace madoguchi::store::sqlite
