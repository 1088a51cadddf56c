// File: load_stats.hpp
//
// What load_generator measures: latencies (kept whole and sorted on demand: a 10-minute run at
// 1000 req/s is 600,000 doubles, small enough), and a process's open descriptors and resident
// memory from /proc, with their values at the start, at the peak and at the end.
#pragma once

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace madoguchi::bench {

class latency_set {
 public:
  void add(double ms) { values_.push_back(ms); }
  std::size_t size() const { return values_.size(); }

  // p50, p90, p99, p99.9, max and mean in milliseconds (nearest rank); {} when empty.
  nlohmann::json summary_json() {
    if (values_.empty()) {
      return nlohmann::json::object();
    }
    std::sort(values_.begin(), values_.end());
    double sum = 0;
    for (const double v : values_) {
      sum += v;
    }
    return {{"count", values_.size()},
            {"p50", round3(percentile(0.50))},
            {"p90", round3(percentile(0.90))},
            {"p99", round3(percentile(0.99))},
            {"p99_9", round3(percentile(0.999))},
            {"max", round3(values_.back())},
            {"mean", round3(sum / static_cast<double>(values_.size()))}};
  }

 private:
  // Of the sorted values.
  double percentile(double p) const {
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values_.size())));
    return values_[std::clamp<std::size_t>(rank, 1, values_.size()) - 1];
  }
  static double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

  std::vector<double> values_;
};

struct process_sample {
  bool valid = false;
  std::int64_t fds = 0;
  std::int64_t rss_kb = 0;
  std::int64_t cpu_ticks = 0;  // user + system, in clock ticks
};

// Busy and total clock ticks of each CPU (/proc/stat), to tell a saturated server from a machine
// that other work shares.
struct cpu_times {
  std::vector<std::int64_t> busy;
  std::vector<std::int64_t> total;

  static cpu_times read() {
    cpu_times t;
    std::ifstream stat("/proc/stat");
    for (std::string line; std::getline(stat, line);) {
      if (!line.starts_with("cpu") || line.size() < 4 || line[3] < '0' || line[3] > '9') {
        continue;
      }
      std::istringstream fields(line.substr(line.find(' ')));
      std::int64_t value = 0;
      std::int64_t total = 0;
      std::int64_t idle = 0;
      for (int i = 0; fields >> value; ++i) {
        total += value;
        if (i == 3 || i == 4) {  // idle, iowait
          idle += value;
        }
      }
      t.busy.push_back(total - idle);
      t.total.push_back(total);
    }
    return t;
  }

  // Per CPU, the percentage busy since `before`.
  std::vector<double> busy_percent_since(const cpu_times& before) const {
    std::vector<double> out;
    for (std::size_t i = 0; i < busy.size() && i < before.busy.size(); ++i) {
      const auto dt = total[i] - before.total[i];
      out.push_back(dt <= 0 ? 0.0
                            : 100.0 * static_cast<double>(busy[i] - before.busy[i]) /
                                  static_cast<double>(dt));
    }
    return out;
  }
};

// Samples /proc/PID; pid 0 watches nothing.
class process_watch {
 public:
  explicit process_watch(int pid) : pid_(pid) {}

  bool valid() const { return start_.valid; }

  process_sample sample() {
    process_sample s = read();
    if (!s.valid) {
      return s;
    }
    if (!start_.valid) {
      start_ = s;
    }
    peak_.valid = true;
    peak_.fds = std::max(peak_.fds, s.fds);
    peak_.rss_kb = std::max(peak_.rss_kb, s.rss_kb);
    last_ = s;
    return s;
  }

  void mark_end() { end_ = last_; }

  // CPU seconds the process used between the first and the last sample.
  double cpu_seconds() const {
    return static_cast<double>(last_.cpu_ticks - start_.cpu_ticks) /
           static_cast<double>(sysconf(_SC_CLK_TCK));
  }

  nlohmann::json summary_json() const {
    return {{"pid", pid_},
            {"cpu_seconds", std::round(cpu_seconds() * 100.0) / 100.0},
            {"fd", {{"start", start_.fds}, {"peak", peak_.fds}, {"end", end_.fds}}},
            {"rss_kb", {{"start", start_.rss_kb}, {"peak", peak_.rss_kb}, {"end", end_.rss_kb}}}};
  }

 private:
  process_sample read() const {
    process_sample s;
    if (pid_ <= 0) {
      return s;
    }
    const std::filesystem::path proc = "/proc/" + std::to_string(pid_);
    std::error_code error;
    std::filesystem::directory_iterator it(proc / "fd", error);
    if (error) {
      return s;
    }
    for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(error)) {
      if (error) {
        break;
      }
      ++s.fds;
    }
    std::ifstream stat(proc / "stat");
    std::string stat_line;
    std::getline(stat, stat_line);
    const std::size_t comm_end = stat_line.rfind(')');
    if (comm_end == std::string::npos) {
      return s;
    }
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    std::istringstream fields(stat_line.substr(comm_end + 1));
    std::string field;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14 || i == 15) {
        s.cpu_ticks += std::stoll(field);
      }
    }
    std::ifstream status(proc / "status");
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("VmRSS:")) {
        s.rss_kb = std::stoll(line.substr(6));  // "VmRSS:	  123456 kB"
        s.valid = true;
        break;
      }
    }
    return s;
  }

  int pid_;
  process_sample start_;
  process_sample peak_;
  process_sample last_;
  process_sample end_;
};

}  // namespace madoguchi::bench
