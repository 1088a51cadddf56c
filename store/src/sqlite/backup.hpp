// The online backup of a SQLite database into a new file.
#pragma once

#include "connection.hpp"

#include <string>

namespace madoguchi::store::sqlite {

// Copies the database of `source` to `path`, which must not exist (its parent directories are
// created). The copy is a complete database file, readable only by this user. Throws
// std::runtime_error naming the path and what to do; a failed copy leaves no file behind.
void backup(connection& source, const std::string& path);

}  // namespace madoguchi::store::sqlite
