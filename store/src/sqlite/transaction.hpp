// Transactions that nest: the outermost call begins one, inner calls join it as savepoints.
#pragma once

#include "connection.hpp"

#include <functional>

namespace madoguchi::store::sqlite {

// Runs `work` atomically. With no transaction open it is BEGIN IMMEDIATE … COMMIT (immediate:
// taking the write lock up front means a busy database waits in busy_timeout instead of failing
// half-way when a read turns into a write). Inside a transaction it is a SAVEPOINT, so a failing
// inner step is undone alone and the caller may still decide what to do. Rethrows what `work`
// throws after rolling back; throws std::runtime_error when SQLite cannot begin or commit.
void run_in_transaction(connection& db, const std::function<void()>& work);

}  // namespace madoguchi::store::sqlite
