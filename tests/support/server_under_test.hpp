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
#include <vector>

namespace madoguchi::testing {

// A fresh directory under the system's temporary directory.
std::filesystem::path make_temp_dir();

void write_file(const std::filesystem::path& path, const std::string& content);

// Meta's X-Hub-Signature-256 header value: "sha256=" + hex HMAC-SHA256.
std::string meta_signature(const std::string& secret, const std::string& body);

// LINE's X-Line-Signature header value: Base64 HMAC-SHA256.
std::string line_signature(const std::string& secret, const std::string& body);

// A LINE webhook body with one text message from user "U" + `id`, whose webhookEventId is `id`
// and whose reply token is `reply_token`, sent at `timestamp_ms`.
std::string line_text_event_body(const std::string& id, const std::string& reply_token,
                                 std::int64_t timestamp_ms, const std::string& text);

// The config of a server with one tenant, osaka-pref, on LINE only: the LINE API at
// https://localhost:`line_port` trusted through `ca_file`, the database in var/.
std::string line_only_config(const std::filesystem::path& ca_file, unsigned short line_port);

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

  // Stops the server with SIGTERM and checks it shut down cleanly: exit status 0, no sanitizer
  // report (the test binary cannot see the child's ASan/UBSan findings otherwise), and a clean
  // log (check_log).
  void stop_and_check();

  // As stop_and_check for a server already told to stop (sent SIGTERM): waits for it to exit by
  // itself, without a second signal.
  void wait_and_check();

  // Kills the server with SIGKILL (a crash), then checks its log.
  void crash();

  // A raw sender id (or any text) the log must never show; e2e fixtures register every id they
  // send as.
  void forbid_in_log(std::string text) { forbidden_.push_back(std::move(text)); }

  // Fails the test when the log holds a secret of the server's environment (any variable whose
  // name says SECRET, TOKEN, PASSWORD or KEY), a signature or bearer token, a Meta test id
  // (PSID-…, IGSID-…), or a text given to forbid_in_log. Every e2e test runs it, so the logs of
  // the whole suite are checked.
  void check_log() const;

 private:
  // No sanitizer report, and a clean log.
  void check_exit() const;

  std::filesystem::path dir_;
  std::map<std::string, std::string> environment_;
  std::vector<std::string> forbidden_;
  std::unique_ptr<child_process> process_;
  unsigned short port_ = 0;
};

}  // namespace madoguchi::testing
