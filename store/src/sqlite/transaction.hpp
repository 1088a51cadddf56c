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
// Without `sync_to_disk` the outermost commit does not wait for fsync (synchronous=NORMAL for
// this commit alone: in WAL mode a crash of the process loses nothing, a power loss may).
void run_in_transaction(connection& db, const std::function<void()>& work,
                        bool sync_to_disk = true);

}  // namespace madoguchi::store::sqlite
