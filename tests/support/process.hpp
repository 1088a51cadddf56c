// Runs the real madoguchi binary as a child process for end-to-end tests: arguments,
// environment, stderr captured to a file that the test can poll for log lines.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/types.h>

namespace madoguchi::testing {

class child_process {
 public:
  // Starts `program` with `args` in `working_directory`, with exactly `environment` (plus PATH).
  // stdout and stderr go to files in `working_directory`.
  child_process(const std::string& program, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& environment,
                const std::filesystem::path& working_directory);
  ~child_process();  // SIGTERM, then SIGKILL after 5 s
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // The captured stderr so far (JSON log lines).
  std::string log() const;

  // Polls the log until a line satisfies `predicate`; returns that line, or "" on timeout.
  std::string wait_for_log_line(const std::function<bool(const std::string&)>& predicate,
                                std::chrono::milliseconds timeout) const;

  // The captured stdout so far.
  std::string output() const;

  // Waits for the child to exit by itself; returns its exit status, or -1 when it was killed by
  // a signal or (SIGKILL) did not exit within `timeout`.
  int wait(std::chrono::milliseconds timeout);

  // Sends SIGTERM and waits (SIGKILL after 5 s); returns the exit status (or -1).
  int stop();

  // SIGKILL now, as a crash or the OOM killer would: no shutdown code runs.
  void kill_now();

  // Sets the child's RLIMIT_FSIZE (RLIM_INFINITY lifts it). At 0 every write that extends a file
  // fails with EFBIG, as on a full disk, including writes to files it already has open (which a
  // chmod would not affect). Fails the test when prlimit fails.
  void limit_file_size(rlim_t bytes) const;

  // The child's process id (for limits set from outside, such as prlimit), or -1 once it ended.
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
};

}  // namespace madoguchi::testing
