// sqlite3_backup_* in one step: the source stays usable (WAL readers and the writer go on), and
// the copy is one consistent snapshot.
#include "backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace madoguchi::store::sqlite {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& why, const char* fix) {
  throw std::runtime_error("cannot back up the database to '" + path + "': " + why + "; " + fix);
}

// Creates the empty file, refusing one that exists; O_EXCL makes the check and the creation one
// step. 0600: the copy holds staff password hashes and what citizens asked.
void create_new_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      fail(path, "the file exists", "choose a new file name or delete it first");
    }
    fail(path, std::strerror(errno), "check that the directory is writable by this user");
  }
  ::close(fd);
}

connection open_target(const std::string& path) {
  try {
    return connection(path);
  } catch (const std::exception& error) {
    fail(path, error.what(), "check that the directory is writable by this user");
  }
}

void copy_into(connection& source, const std::string& path) {
  connection target = open_target(path);
  sqlite3_backup* copy =
      sqlite3_backup_init(target.native_handle(), "main", source.native_handle(), "main");
  if (!copy) {
    fail(path, target.last_error(), "check that the directory is writable by this user");
  }
  const int stepped = sqlite3_backup_step(copy, -1);
  const int finished = sqlite3_backup_finish(copy);
  if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
    fail(path, sqlite3_errstr(stepped != SQLITE_DONE ? stepped : finished),
         "check the free disk space and that the directory is writable, then try again");
  }
}

}  // namespace

void backup(connection& source, const std::string& path) {
  const std::filesystem::path file(path);
  if (file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      fail(path, "cannot create " + file.parent_path().string() + ": " + error.message(),
           "choose a directory this user may write to");
    }
  }
  create_new_file(path);
  try {
    copy_into(source, path);
  } catch (...) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path + suffix, ignored);
    }
    throw;
  }
}

}  // namespace madoguchi::store::sqlite
