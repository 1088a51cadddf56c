// A madoguchi.toml through the configuration loader (app/config.cpp), from a file as
// `serve --config FILE` reads it, with a fixed environment. The loader may only throw
// config_error; anything else escaping it is a finding.
#include "config.hpp"

#include <sys/mman.h>
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// One in-memory file per process (memfd: no disk I/O, nothing left behind even after a crash),
// reached by path through /proc/self/fd and rewritten for every input.
struct config_file {
  int fd = -1;
  std::string path;
};

const config_file& memory_file() {
  static const config_file file = [] {
    config_file f;
    f.fd = memfd_create("madoguchi-fuzz-config", 0);
    if (f.fd < 0) {
      __builtin_trap();
    }
    f.path = "/proc/self/fd/" + std::to_string(f.fd);
    return f;
  }();
  return file;
}

const char* fixed_environment(const char* name) {
  const std::string_view key(name);
  if (key == "MADOGUCHI_META_APP_SECRET") {
    return "fuzz-app-secret";
  }
  if (key.starts_with("MADOGUCHI_PAGE_TOKEN_")) {
    return "fuzz-page-token";
  }
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace madoguchi::app;
  const config_file& file = memory_file();
  if (ftruncate(file.fd, 0) != 0) {
    __builtin_trap();
  }
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = pwrite(file.fd, data + written, size - written, static_cast<off_t>(written));
    if (n <= 0) {
      __builtin_trap();
    }
    written += static_cast<std::size_t>(n);
  }
  try {
    const app_config config = load_config(file.path, fixed_environment);
    for (const tenant_config& tenant : config.tenants) {
      if (!valid_tenant_id(tenant.id)) {
        __builtin_trap();  // an accepted tenant id the server cannot use
      }
    }
    if (config.threads > 256) {
      __builtin_trap();
    }
  } catch (const config_error&) {
    // the documented way to refuse a file
  }
  return 0;
}
