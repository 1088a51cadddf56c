// posix_spawn-based child processes for end-to-end tests.
#include "process.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace madoguchi::testing {

child_process::child_process(const std::string& program, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& environment,
                             const std::filesystem::path& working_directory)
    : stdout_path_(working_directory / "stdout.log"),
      stderr_path_(working_directory / "stderr.log") {
  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);

  std::vector<std::string> env_storage;
  if (const char* path = std::getenv("PATH")) {
    env_storage.push_back(std::string("PATH=") + path);
  }
  for (const auto& [key, value] : environment) {
    env_storage.push_back(key + "=" + value);
  }
  std::vector<char*> envp;
  for (std::string& e : env_storage) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string stdout_path = stdout_path_.string();
  const std::string stderr_path = stderr_path_.string();
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addchdir_np(&actions, working_directory.c_str());
  const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + program);
  }
}

child_process::~child_process() {
  stop();
}

std::string child_process::log() const {
  std::ifstream in(stderr_path_);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string child_process::wait_for_log_line(
    const std::function<bool(const std::string&)>& predicate,
    std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::istringstream lines(log());
    for (std::string line; std::getline(lines, line);) {
      if (predicate(line)) {
        return line;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

std::string child_process::output() const {
  std::ifstream in(stdout_path_);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

int child_process::wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) {
    return -1;
  }
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void child_process::limit_file_size(rlim_t bytes) const {
  const rlimit wanted{bytes, RLIM_INFINITY};
  ASSERT_EQ(::prlimit(pid_, RLIMIT_FSIZE, &wanted, nullptr), 0) << "prlimit failed";
}

void child_process::kill_now() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
}

int child_process::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
  }
  return wait(std::chrono::seconds(5));
}

}  // namespace madoguchi::testing
