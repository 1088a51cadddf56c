// The power-loss VFS: unsynced writes live in a per-path pending list that reads overlay and
// syncs apply; everything else is passed to the wrapped default VFS.
#include "power_loss_vfs.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <random>
#include <stdexcept>
#include <utility>

namespace madoguchi::store {

// SQLite allocates vfs.szOsFile bytes per open file: this header, then the wrapped VFS's file.
// Only trivial members, so SQLite may treat the memory as its own sqlite3_file.
struct power_loss_vfs::file {
  sqlite3_file base;  // first: what SQLite sees
  power_loss_vfs* owner;
  sqlite3_file* real;
  const std::string* path;  // a key of files_; nullptr for temporary files, which are not tracked
};

namespace {

constexpr std::size_t real_offset = (sizeof(power_loss_vfs::file) + 15) & ~std::size_t{15};

power_loss_vfs::file& of(sqlite3_file* f) {
  return *reinterpret_cast<power_loss_vfs::file*>(f);
}
sqlite3_file* real(sqlite3_file* f) {
  return of(f).real;
}
power_loss_vfs& owner(sqlite3_vfs* vfs) {
  return *static_cast<power_loss_vfs*>(vfs->pAppData);
}
sqlite3_vfs* wrapped(sqlite3_vfs* vfs) {
  return owner(vfs).wrapped();
}

int x_close(sqlite3_file* f) {
  sqlite3_file* r = real(f);
  return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}
int x_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  return of(f).owner->read(of(f), buffer, amount, offset);
}
int x_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  return of(f).owner->write(of(f), buffer, amount, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return of(f).owner->truncate(of(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
  return of(f).owner->sync(of(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return of(f).owner->file_size(of(f), size);
}
int x_lock(sqlite3_file* f, int level) {
  return real(f)->pMethods->xLock(real(f), level);
}
int x_unlock(sqlite3_file* f, int level) {
  return real(f)->pMethods->xUnlock(real(f), level);
}
int x_check_reserved_lock(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  // Size hints and chunk sizes would make the wrapped VFS grow the real file behind the
  // pending list; they are only optimisations, so they are dropped.
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE) {
    return SQLITE_OK;
  }
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int x_sector_size(sqlite3_file* f) {
  return real(f)->pMethods->xSectorSize(real(f));
}
int x_device_characteristics(sqlite3_file* f) {
  // No atomic or sequential writes: those would let SQLite skip syncs the shim relies on.
  constexpr int unsafe = 0x1ff /* SQLITE_IOCAP_ATOMIC* */ | SQLITE_IOCAP_SAFE_APPEND |
                         SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_BATCH_ATOMIC;
  return real(f)->pMethods->xDeviceCharacteristics(real(f)) & ~unsafe;
}
// Shared memory passes through: it does not survive power loss anyway (the test deletes it).
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
  real(f)->pMethods->xShmBarrier(real(f));
}
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  return real(f)->pMethods->xShmUnmap(real(f), delete_flag);
}

// Version 2: with the shm methods for WAL, without xFetch/xUnfetch, so SQLite never
// memory-maps the file around the shim.
const sqlite3_io_methods io_methods = {
    2,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    x_shm_map,
    x_shm_lock,
    x_shm_barrier,
    x_shm_unmap,
    nullptr,
    nullptr,
};

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* out, int flags, int* out_flags) {
  return owner(vfs).open(name, out, flags, out_flags);
}
int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return owner(vfs).remove(name, sync_dir);
}
int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return wrapped(vfs)->xAccess(wrapped(vfs), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return wrapped(vfs)->xFullPathname(wrapped(vfs), name, size, out);
}
void* x_dl_open(sqlite3_vfs* vfs, const char* name) {
  return wrapped(vfs)->xDlOpen(wrapped(vfs), name);
}
void x_dl_error(sqlite3_vfs* vfs, int size, char* out) {
  wrapped(vfs)->xDlError(wrapped(vfs), size, out);
}
void (*x_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return wrapped(vfs)->xDlSym(wrapped(vfs), handle, symbol);
}
void x_dl_close(sqlite3_vfs* vfs, void* handle) {
  wrapped(vfs)->xDlClose(wrapped(vfs), handle);
}
int x_randomness(sqlite3_vfs* vfs, int size, char* out) {
  return wrapped(vfs)->xRandomness(wrapped(vfs), size, out);
}
int x_sleep(sqlite3_vfs* vfs, int microseconds) {
  return wrapped(vfs)->xSleep(wrapped(vfs), microseconds);
}
int x_current_time(sqlite3_vfs* vfs, double* out) {
  return wrapped(vfs)->xCurrentTime(wrapped(vfs), out);
}
int x_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
  return wrapped(vfs)->xGetLastError(wrapped(vfs), size, out);
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return wrapped(vfs)->xCurrentTimeInt64(wrapped(vfs), out);
}

}  // namespace

power_loss_vfs::power_loss_vfs() : real_(sqlite3_vfs_find(nullptr)), previous_default_(real_) {
  if (real_ == nullptr || real_->iVersion < 2) {
    throw std::runtime_error("no default SQLite VFS of version 2 or later to wrap");
  }
  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(real_offset) + real_->szOsFile;
  vfs_.mxPathname = real_->mxPathname;
  vfs_.zName = vfs_name;
  vfs_.pAppData = this;
  vfs_.xOpen = x_open;
  vfs_.xDelete = x_delete;
  vfs_.xAccess = x_access;
  vfs_.xFullPathname = x_full_pathname;
  vfs_.xDlOpen = x_dl_open;
  vfs_.xDlError = x_dl_error;
  vfs_.xDlSym = x_dl_sym;
  vfs_.xDlClose = x_dl_close;
  vfs_.xRandomness = x_randomness;
  vfs_.xSleep = x_sleep;
  vfs_.xCurrentTime = x_current_time;
  vfs_.xGetLastError = x_get_last_error;
  vfs_.xCurrentTimeInt64 = x_current_time_int64;
  if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK) {
    throw std::runtime_error("cannot register the power-loss VFS");
  }
}

power_loss_vfs::~power_loss_vfs() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(previous_default_, 1);
}

std::size_t power_loss_vfs::pending_writes() const {
  std::size_t n = 0;
  for (const auto& [path, ops] : pending_) {
    n += ops.size();
  }
  return n;
}

int power_loss_vfs::open(const char* name, sqlite3_file* out, int flags, int* out_flags) {
  file& f = *new (out) file{};
  f.owner = this;
  f.real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(out) + real_offset);
  f.real->pMethods = nullptr;
  constexpr int tracked = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL;
  if (name != nullptr && (flags & tracked) != 0) {
    f.path = &files_.try_emplace(name, flags & tracked).first->first;
  }
  const int rc = real_->xOpen(real_, name, f.real, flags, out_flags);
  // SQLite calls xClose exactly when pMethods is set, even after a failed open.
  f.base.pMethods = f.real->pMethods ? &io_methods : nullptr;
  return rc;
}

int power_loss_vfs::remove(const char* name, int sync_dir) {
  if (dead_) {
    return SQLITE_IOERR_DELETE;
  }
  pending_.erase(name);  // writes to a deleted file can never reach the disk
  return real_->xDelete(real_, name, sync_dir);
}

int power_loss_vfs::read(file& f, void* buffer, int amount, sqlite3_int64 offset) {
  sqlite3_file* r = f.real;
  const int rc = r->pMethods->xRead(r, buffer, amount, offset);
  const auto found = f.path ? pending_.find(*f.path) : pending_.end();
  if (found == pending_.end() || found->second.empty() ||
      (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)) {
    return rc;
  }
  sqlite3_int64 size = 0;
  if (const int size_rc = r->pMethods->xFileSize(r, &size)) {
    return size_rc;
  }
  // Replays the pending list over the real bytes, in order, as the page cache would show it.
  auto* bytes = static_cast<char*>(buffer);
  const sqlite3_int64 end = offset + amount;
  for (const pending_op& op : found->second) {
    if (!op.data) {
      size = op.offset;
      if (op.offset < end) {
        const sqlite3_int64 from = std::max(op.offset, offset);
        std::memset(bytes + (from - offset), 0, static_cast<std::size_t>(end - from));
      }
      continue;
    }
    const auto op_end = op.offset + static_cast<sqlite3_int64>(op.data->size());
    size = std::max(size, op_end);
    const sqlite3_int64 lo = std::max(offset, op.offset);
    const sqlite3_int64 hi = std::min(end, op_end);
    if (lo < hi) {
      std::memcpy(bytes + (lo - offset), op.data->data() + (lo - op.offset),
                  static_cast<std::size_t>(hi - lo));
    }
  }
  if (end <= size) {
    return SQLITE_OK;
  }
  const sqlite3_int64 from = std::max(size, offset);
  std::memset(bytes + (from - offset), 0, static_cast<std::size_t>(end - from));
  return SQLITE_IOERR_SHORT_READ;
}

int power_loss_vfs::write(file& f, const void* buffer, int amount, sqlite3_int64 offset) {
  if (dead_) {
    return SQLITE_IOERR_WRITE;
  }
  if (!f.path) {
    return f.real->pMethods->xWrite(f.real, buffer, amount, offset);
  }
  pending_[*f.path].push_back(
      {offset, std::string(static_cast<const char*>(buffer), static_cast<std::size_t>(amount))});
  ++writes_;
  if (cut_at_ && writes_ >= *cut_at_) {
    power_loss(cut_mode_, cut_seed_);
    return SQLITE_IOERR_WRITE;
  }
  return SQLITE_OK;
}

int power_loss_vfs::truncate(file& f, sqlite3_int64 size) {
  if (dead_) {
    return SQLITE_IOERR_TRUNCATE;
  }
  if (!f.path) {
    return f.real->pMethods->xTruncate(f.real, size);
  }
  pending_[*f.path].push_back({size, std::nullopt});
  return SQLITE_OK;
}

int power_loss_vfs::sync(file& f, int flags) {
  if (dead_) {
    return SQLITE_IOERR_FSYNC;
  }
  sqlite3_file* r = f.real;
  if (f.path) {
    const auto found = pending_.find(*f.path);
    if (found != pending_.end()) {
      std::vector<pending_op> ops = std::exchange(found->second, {});
      for (const pending_op& op : ops) {
        const int rc = op.data ? r->pMethods->xWrite(r, op.data->data(),
                                                     static_cast<int>(op.data->size()), op.offset)
                               : r->pMethods->xTruncate(r, op.offset);
        if (rc != SQLITE_OK) {
          return rc;
        }
      }
    }
    const int type = files_.at(*f.path);
    main_db_syncs_ += type == SQLITE_OPEN_MAIN_DB ? 1 : 0;
    wal_syncs_ += type == SQLITE_OPEN_WAL ? 1 : 0;
  }
  return r->pMethods->xSync(r, flags);
}

int power_loss_vfs::file_size(file& f, sqlite3_int64* size) {
  sqlite3_file* r = f.real;
  if (const int rc = r->pMethods->xFileSize(r, size)) {
    return rc;
  }
  const auto found = f.path ? pending_.find(*f.path) : pending_.end();
  if (found != pending_.end()) {
    for (const pending_op& op : found->second) {
      *size = op.data ? std::max(*size, op.offset + static_cast<sqlite3_int64>(op.data->size()))
                      : op.offset;
    }
  }
  return SQLITE_OK;
}

void power_loss_vfs::power_loss(mode m, std::uint32_t seed) {
  for (const auto& [path, ops] : pending_) {
    cut_during_checkpoint_ |= !ops.empty() && files_.at(path) == SQLITE_OPEN_MAIN_DB;
  }
  if (m == mode::keep_subset) {
    apply_kept(seed);
  }
  pending_.clear();
  dead_ = true;
  cut_at_.reset();
}

void power_loss_vfs::cut_after_writes(std::uint64_t writes, mode m, std::uint32_t seed) {
  cut_at_ = writes_ + std::max<std::uint64_t>(writes, 1);
  cut_mode_ = m;
  cut_seed_ = seed;
}

void power_loss_vfs::apply_kept(std::uint32_t seed) {
  std::mt19937 random(seed);
  std::bernoulli_distribution keep(0.5);
  std::vector<std::pair<const std::string*, const pending_op*>> kept;
  for (const auto& [path, ops] : pending_) {
    for (const pending_op& op : ops) {
      if (keep(random)) {
        kept.emplace_back(&path, &op);
      }
    }
  }
  std::shuffle(kept.begin(), kept.end(), random);
  // Written through fresh handles of the wrapped VFS, which shares its locks per inode with
  // the connections' handles (a raw close() would drop their POSIX locks).
  std::map<std::string, std::vector<std::max_align_t>> handles;
  const auto handle = [&](const std::string& path) -> sqlite3_file* {
    auto [it, added] = handles.try_emplace(
        path, static_cast<std::size_t>(real_->szOsFile) / sizeof(std::max_align_t) + 1);
    auto* r = reinterpret_cast<sqlite3_file*>(it->second.data());
    if (added) {
      r->pMethods = nullptr;
      int out_flags = 0;
      const int rc =
          real_->xOpen(real_, path.c_str(), r, SQLITE_OPEN_READWRITE | files_.at(path), &out_flags);
      if (rc != SQLITE_OK) {
        if (r->pMethods) {
          r->pMethods->xClose(r);
        }
        r->pMethods = nullptr;
      }
    }
    return r->pMethods ? r : nullptr;
  };
  for (const auto& [path, op] : kept) {
    if (sqlite3_file* r = handle(*path)) {
      if (op->data) {
        r->pMethods->xWrite(r, op->data->data(), static_cast<int>(op->data->size()), op->offset);
      } else {
        r->pMethods->xTruncate(r, op->offset);
      }
    }
  }
  for (auto& [path, storage] : handles) {
    auto* r = reinterpret_cast<sqlite3_file*>(storage.data());
    if (r->pMethods) {
      r->pMethods->xClose(r);
    }
  }
}

}  // namespace madoguchi::store
