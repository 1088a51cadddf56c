// A madoguchi.toml through the configuration loader (app/config.cpp), from a temporary file as
// `serve --config FILE` reads it, with a fixed environment. The loader may only throw
// config_error; anything else escaping it is a finding.
#include "config.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace {

// One file per process, rewritten for every input and removed at exit.
const std::string& config_path() {
  static const std::string path = [] {
    char name[] = "/tmp/madoguchi-fuzz-config-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) {
      __builtin_trap();
    }
    close(fd);
    std::atexit([] { std::remove(config_path().c_str()); });
    return std::string(name);
  }();
  return path;
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
  const std::string& path = config_path();
  const int fd = open(path.c_str(), O_WRONLY | O_TRUNC);
  if (fd < 0) {
    __builtin_trap();
  }
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) {
      __builtin_trap();
    }
    written += static_cast<std::size_t>(n);
  }
  close(fd);
  try {
    const app_config config = load_config(path, fixed_environment);
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
