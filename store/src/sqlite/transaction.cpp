// Nested transactions over BEGIN IMMEDIATE and SAVEPOINT.
#include "transaction.hpp"

namespace madoguchi::store::sqlite {
namespace {

// The connection's own level is FULL (database.cpp); one commit may ask for less.
class commit_sync_level {
 public:
  commit_sync_level(connection& db, bool sync_to_disk) : db_(db), relaxed_(!sync_to_disk) {
    if (relaxed_) {
      db_.prepare("PRAGMA synchronous = NORMAL").step();
    }
  }
  ~commit_sync_level() {
    if (relaxed_) {
      db_.prepare("PRAGMA synchronous = FULL").step();
    }
  }
  commit_sync_level(const commit_sync_level&) = delete;
  commit_sync_level& operator=(const commit_sync_level&) = delete;

 private:
  connection& db_;
  bool relaxed_;
};

void run_outermost(connection& db, const std::function<void()>& work, bool sync_to_disk) {
  const commit_sync_level level(db, sync_to_disk);
  db.prepare("BEGIN IMMEDIATE").step();
  try {
    work();
    db.prepare("COMMIT").step();
  } catch (...) {
    // After some errors (disk full, I/O) SQLite has already rolled back; this then fails
    // harmlessly.
    db.try_execute("ROLLBACK");
    throw;
  }
}

void run_nested(connection& db, const std::function<void()>& work) {
  // Prepared (and kept) rather than executed: the reply pipeline opens one per write.
  db.prepare("SAVEPOINT madoguchi_nested").step();
  try {
    work();
    db.prepare("RELEASE madoguchi_nested").step();
  } catch (...) {
    // ROLLBACK TO keeps the savepoint open; RELEASE then removes it, leaving the outer
    // transaction as it was before `work`.
    if (!db.try_execute("ROLLBACK TO madoguchi_nested")) {
      db.try_execute("RELEASE madoguchi_nested");
    }
    throw;
  }
}

}  // namespace

void run_in_transaction(connection& db, const std::function<void()>& work, bool sync_to_disk) {
  if (db.in_transaction()) {
    run_nested(db, work);
  } else {
    run_outermost(db, work, sync_to_disk);
  }
}

}  // namespace madoguchi::store::sqlite
