// The SQLite database: opening, pragmas, migrations, and the repositories over one connection.
#include "madoguchi/store/database.hpp"
#include "audit_rows.hpp"
#include "backup.hpp"
#include "connection.hpp"
#include "conversation_rows.hpp"
#include "editorial_rows.hpp"
#include "journal_rows.hpp"
#include "knowledge_rows.hpp"
#include "outbox_rows.hpp"
#include "privacy_rows.hpp"
#include "schema.hpp"
#include "staff_rows.hpp"
#include "transaction.hpp"
#include "unanswered_rows.hpp"

#include <filesystem>
#include <stdexcept>

namespace madoguchi::store {
namespace {

class sqlite_database final : public database {
 public:
  explicit sqlite_database(const sqlite_options& options)
      : connection_(options.path),
        knowledge_(connection_),
        journal_(connection_),
        conversations_(connection_),
        editorial_(connection_),
        staff_(connection_),
        audit_(connection_),
        unanswered_(connection_),
        outbox_(connection_),
        privacy_(connection_) {
    // WAL lets `madoguchi ask` and backups read while the server writes; FULL makes every
    // acknowledged webhook survive power loss, not only a crash (sqlite.org/pragma.html).
    connection_.execute("PRAGMA journal_mode = WAL");
    connection_.execute("PRAGMA synchronous = FULL");
    connection_.execute("PRAGMA foreign_keys = ON");
    connection_.execute("PRAGMA busy_timeout = 5000");
    sqlite::migrate(connection_);
    if (options.max_bytes > 0) {
      sqlite::statement page_size = connection_.prepare("PRAGMA page_size");
      page_size.step();
      // Below the current size SQLite keeps the current size: then nothing more fits.
      connection_.execute("PRAGMA max_page_count = " +
                          std::to_string(options.max_bytes / page_size.column_int(0)));
    }
  }

  // store::database
  knowledge_repository& knowledge() override { return knowledge_; }
  journal& inbound() override { return journal_; }
  store::conversations& conversations() override { return conversations_; }
  store::editorial& editorial() override { return editorial_; }
  staff_directory& staff() override { return staff_; }
  audit_log& audit() override { return audit_; }
  unanswered_log& unanswered() override { return unanswered_; }
  store::outbox& outbox() override { return outbox_; }
  store::privacy& privacy() override { return privacy_; }
  void in_transaction(const std::function<void()>& work, durability level) override {
    sqlite::run_in_transaction(connection_, work, level == durability::power_loss);
  }
  void backup_to(const std::string& path) override { sqlite::backup(connection_, path); }
  // SQLite's data_version changes exactly when another connection commits (sqlite.org/pragma.html
  // #pragma_data_version).
  std::int64_t others_changes() override {
    sqlite::statement query = connection_.prepare("PRAGMA data_version");
    query.step();
    return query.column_int(0);
  }
  bool ping() override { return !connection_.try_execute("SELECT 1"); }

 private:
  sqlite::connection connection_;
  sqlite::knowledge_rows knowledge_;
  sqlite::journal_rows journal_;
  sqlite::conversation_rows conversations_;
  sqlite::editorial_rows editorial_;
  sqlite::staff_rows staff_;
  sqlite::audit_rows audit_;
  sqlite::unanswered_rows unanswered_;
  sqlite::outbox_rows outbox_;
  sqlite::privacy_rows privacy_;
};

}  // namespace

std::unique_ptr<database> open_sqlite(const sqlite_options& options) {
  const std::filesystem::path path(options.path);
  try {
    if (path.has_parent_path()) {
      std::filesystem::create_directories(path.parent_path());
    }
    return std::make_unique<sqlite_database>(options);
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot open the SQLite database '" + options.path +
                             "': " + error.what() +
                             "; check that the directory is writable by this user, or set "
                             "[storage] sqlite to another path");
  }
}

}  // namespace madoguchi::store
