// File: metrics.hpp
//
// A small metrics registry rendered in the Prometheus text exposition format (version 0.0.4):
// counters, gauges, gauges read by a callback at scrape time, and histograms, each in a family
// of one name with fixed label names.
//
//   registry r;
//   family<counter>& sent = r.add_counter("app_sent_total", "Messages sent.", {"platform"});
//   counter& line = sent.with({"line"});  // the lookup takes a mutex: keep the reference
//   line.inc();                           // lock-free from then on
//
// Label values must be bounded (route patterns, enum names, status codes), never raw paths,
// sender ids or anything a client chooses: every distinct value is a series kept forever.
//
// Thread safety: everything may be called from any thread. Increments, sets and observations
// are relaxed atomics; `with` and `expose` take a mutex per family.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::telemetry {

// The Content-Type of what registry::expose returns.
inline constexpr std::string_view exposition_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

class counter {
 public:
  void inc(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double by) { value_.fetch_add(by, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class histogram {
 public:
  // `upper_bounds`: increasing and finite; the +Inf bucket is implicit.
  explicit histogram(std::vector<double> upper_bounds);

  void observe(double value);

  struct totals {
    std::vector<std::uint64_t> cumulative;  // per upper bound, then +Inf (== count)
    double sum = 0;
  };
  totals read() const;
  const std::vector<double>& upper_bounds() const { return upper_bounds_; }

 private:
  std::vector<double> upper_bounds_;
  // Per bucket, not cumulative: observe touches one counter; read adds them up.
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// Seconds: from 5 ms (a health check) to 10 s (the request deadline).
inline const std::vector<double> latency_buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                    0.5,   1,    2.5,   5,    10};

namespace detail {

class family_base {
 public:
  family_base(std::string name, std::string help, std::string_view type,
              std::vector<std::string> label_names);
  virtual ~family_base() = default;
  family_base(const family_base&) = delete;
  family_base& operator=(const family_base&) = delete;

  const std::string& name() const { return name_; }
  // Appends "# HELP", "# TYPE" and one line per sample.
  void expose(std::string& out) const;

 protected:
  // Appends the samples only.
  virtual void expose_samples(std::string& out) const = 0;
  // `{a="x",b="y"}` for these values, plus `extra` (e.g. `le="0.5"`) when not empty.
  std::string labels_text(const std::vector<std::string>& values, std::string_view extra) const;
  void check_arity(std::size_t values) const;
  bool labelled() const { return !label_names_.empty(); }

 private:
  std::string name_;
  std::string help_;
  std::string_view type_;
  std::vector<std::string> label_names_;
};

}  // namespace detail

template <class Metric>
class family final : public detail::family_base {
 public:
  family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make);

  // The metric of these label values (in the order of the label names), created at zero on
  // first use. The reference stays valid as long as the registry. Throws std::invalid_argument
  // when the number of values differs from the number of label names.
  Metric& with(std::initializer_list<std::string_view> label_values);

 private:
  void expose_samples(std::string& out) const override;

  std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

class registry {
 public:
  // Each adds a family and returns it. A family without label names has its one metric at
  // zero from the start (`with({})`). Throws std::invalid_argument for an invalid or taken
  // name, or an invalid label name.
  family<counter>& add_counter(std::string name, std::string help,
                               std::vector<std::string> label_names = {});
  family<gauge>& add_gauge(std::string name, std::string help,
                           std::vector<std::string> label_names = {});
  family<histogram>& add_histogram(std::string name, std::string help,
                                   std::vector<std::string> label_names,
                                   std::vector<double> upper_bounds);
  // A gauge without labels whose value `read` returns at each scrape. `read` runs on the
  // scraping thread: it must be cheap and must not block (read an atomic, not the database).
  void add_gauge_callback(std::string name, std::string help, std::function<double()> read);

  // Every family in the order they were added, in the text exposition format.
  std::string expose() const;

 private:
  template <class Family>
  Family& add(std::unique_ptr<Family> created);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<detail::family_base>> families_;
};

}  // namespace madoguchi::telemetry
