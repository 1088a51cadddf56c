// A sqlite3_vfs for tests that simulates power loss: it wraps the default VFS and keeps every
// write and truncate of the main database and its WAL in memory until the file is synced, as
// an operating system's page cache would. power_loss() then discards what was not synced (or
// keeps a random subset, applied in random order: torn and reordered writes).
//
// While one exists it is SQLite's default VFS, so code that opens databases with the default
// VFS (open_sqlite) runs on it unchanged. Single-threaded use only, one instance at a time.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::store {

class power_loss_vfs {
 public:
  enum class mode {
    drop_all,     // nothing that was not synced reaches the disk
    keep_subset,  // a random subset of the unsynced writes reaches the disk, in random order
  };

  static constexpr const char* vfs_name = "power_loss";

  power_loss_vfs();   // registers itself as the default VFS
  ~power_loss_vfs();  // unregisters itself and restores the previous default
  power_loss_vfs(const power_loss_vfs&) = delete;
  power_loss_vfs& operator=(const power_loss_vfs&) = delete;

  // Cuts the power now. Afterwards every write, truncate, sync and delete through this VFS
  // fails with an I/O error, so the connections still open cannot touch the disk again; close
  // them before opening the files with another VFS.
  void power_loss(mode m, std::uint32_t seed = 0);

  // Cuts the power during the `writes`-th write from now (that write is pending, then lost or
  // kept like the others), in the middle of whatever SQLite is doing.
  void cut_after_writes(std::uint64_t writes, mode m, std::uint32_t seed);

  bool cut() const { return dead_; }
  // Whether writes to the main database file were pending at the cut: it came mid-checkpoint.
  bool cut_during_checkpoint() const { return cut_during_checkpoint_; }
  std::uint64_t main_db_syncs() const { return main_db_syncs_; }  // each checkpoint syncs once
  std::uint64_t wal_syncs() const { return wal_syncs_; }          // each commit syncs once
  std::uint64_t writes() const { return writes_; }
  std::size_t pending_writes() const;  // unsynced writes and truncates, over all files
  sqlite3_vfs* wrapped() const { return real_; }

  // Implementation, used by the sqlite3_io_methods of the files.
  struct pending_op {
    sqlite3_int64 offset = 0;         // a truncate's new size
    std::optional<std::string> data;  // nullopt: a truncate
  };
  struct file;
  int read(file& f, void* buffer, int amount, sqlite3_int64 offset);
  int write(file& f, const void* buffer, int amount, sqlite3_int64 offset);
  int truncate(file& f, sqlite3_int64 size);
  int sync(file& f, int flags);
  int file_size(file& f, sqlite3_int64* size);
  int open(const char* name, sqlite3_file* out, int flags, int* out_flags);
  int remove(const char* name, int sync_dir);

 private:
  void apply_kept(std::uint32_t seed);

  sqlite3_vfs vfs_{};
  sqlite3_vfs* real_ = nullptr;
  sqlite3_vfs* previous_default_ = nullptr;
  // Per path, not per open file: like the page cache, it outlives a close and a reopen sees it.
  std::map<std::string, std::vector<pending_op>> pending_;
  std::map<std::string, int> files_;  // SQLITE_OPEN_MAIN_DB or SQLITE_OPEN_WAL, per path
  bool dead_ = false;
  bool cut_during_checkpoint_ = false;
  std::optional<std::uint64_t> cut_at_;  // the value of writes_ at which to cut
  mode cut_mode_ = mode::drop_all;
  std::uint32_t cut_seed_ = 0;
  std::uint64_t writes_ = 0;
  std::uint64_t main_db_syncs_ = 0;
  std::uint64_t wal_syncs_ = 0;
};

}  // namespace madoguchi::store
