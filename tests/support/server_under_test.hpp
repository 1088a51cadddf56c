// The real `madoguchi serve` under test: a temporary directory with its config and database,
// the child process, and the helpers end-to-end tests share (signatures computed independently
// of the server's code, polling, journal counts).
#pragma once

#include "process.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace madoguchi::testing {

// A fresh directory under the system's temporary directory.
std::filesystem::path make_temp_dir();

void write_file(const std::filesystem::path& path, const std::string& content);

// Meta's X-Hub-Signature-256 header value: "sha256=" + hex HMAC-SHA256.
std::string meta_signature(const std::string& secret, const std::string& body);

// LINE's X-Line-Signature header value: Base64 HMAC-SHA256.
std::string line_signature(const std::string& secret, const std::string& body);

// Milliseconds since the epoch: the timestamp of an event that happens now.
std::int64_t now_ms();

// Polls `condition` every 20 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// Runs "SELECT count(*) FROM <table> WHERE <where>" on a read-only connection; -1 on error.
std::int64_t count_rows(const std::filesystem::path& database, const std::string& table,
                        const std::string& where = "1");

// Starts `madoguchi serve` in `dir` with `config` written to madoguchi.toml and exactly
// `environment`, and waits until it listens. Throws with the server's log if it does not start.
class server_under_test {
 public:
  server_under_test(const std::filesystem::path& dir, const std::string& config,
                    const std::map<std::string, std::string>& environment);

  unsigned short port() const { return port_; }
  const child_process& process() const { return *process_; }
  std::filesystem::path database() const { return dir_ / "var" / "madoguchi.db"; }

  // Stops the server with SIGTERM and checks it shut down cleanly: exit status 0 and no
  // sanitizer report (the test binary cannot see the child's ASan/UBSan findings otherwise).
  void stop_and_check();

  // Kills the server with SIGKILL (a crash).
  void crash() { process_->kill_now(); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<child_process> process_;
  unsigned short port_ = 0;
};

}  // namespace madoguchi::testing
