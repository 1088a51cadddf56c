// Schema migrations, tracked in PRAGMA user_version.
#pragma once

#include "connection.hpp"

namespace madoguchi::store::sqlite {

// Brings the database to the newest schema. Throws std::runtime_error if the file was written by
// a newer madoguchi (its schema version is unknown here).
void migrate(connection& db);

}  // namespace madoguchi::store::sqlite
