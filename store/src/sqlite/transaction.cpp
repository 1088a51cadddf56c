// Nested transactions over BEGIN IMMEDIATE and SAVEPOINT.
#include "transaction.hpp"

namespace madoguchi::store::sqlite {
namespace {

// The connection's own level is FULL (database.cpp); one commit may ask for less, and the level
// is FULL again once it is over (setting it does no I/O, so restoring it cannot fail in practice;
// it is not left to a destructor, which must not throw).
void run_outermost(connection& db, const std::function<void()>& work, bool sync_to_disk) {
  if (!sync_to_disk) {
    db.prepare("PRAGMA synchronous = NORMAL").step();
  }
  const auto restore_level = [&] {
    if (!sync_to_disk) {
      db.prepare("PRAGMA synchronous = FULL").try_step();
    }
  };
  try {
    db.prepare("BEGIN IMMEDIATE").step();
    work();
    db.prepare("COMMIT").step();
  } catch (...) {
    // After some errors (disk full, I/O) SQLite has already rolled back; this then fails
    // harmlessly.
    db.try_execute("ROLLBACK");
    restore_level();
    throw;
  }
  restore_level();
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
