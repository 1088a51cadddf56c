// Nested transactions over BEGIN IMMEDIATE and SAVEPOINT.
#include "transaction.hpp"

namespace madoguchi::store::sqlite {
namespace {

void run_outermost(connection& db, const std::function<void()>& work) {
  db.execute("BEGIN IMMEDIATE");
  try {
    work();
    db.execute("COMMIT");
  } catch (...) {
    // After some errors (disk full, I/O) SQLite has already rolled back; this then fails
    // harmlessly.
    db.try_execute("ROLLBACK");
    throw;
  }
}

void run_nested(connection& db, const std::function<void()>& work) {
  db.execute("SAVEPOINT madoguchi_nested");
  try {
    work();
    db.execute("RELEASE madoguchi_nested");
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

void run_in_transaction(connection& db, const std::function<void()>& work) {
  if (db.in_transaction()) {
    run_nested(db, work);
  } else {
    run_outermost(db, work);
  }
}

}  // namespace madoguchi::store::sqlite
