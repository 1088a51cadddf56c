// Tests of the metrics registry against the exact text the Prometheus exposition format 0.0.4
// requires: HELP/TYPE lines, label escaping, cumulative histogram buckets with +Inf, _sum and
// _count.
#include "madoguchi/telemetry/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

namespace madoguchi::telemetry {
namespace {

TEST(metrics_test, a_small_registry_renders_exactly) {
  registry r;
  family<counter>& requests =
      r.add_counter("app_requests_total", "Requests answered.", {"route", "status"});
  requests.with({"/b", "200"}).inc(2);
  requests.with({"/a", "404"}).inc();
  r.add_gauge("app_depth", "Rows waiting.").with({}).set(7);
  r.add_gauge_callback("app_ratio", "A value read at scrape time.", [] { return 0.25; });
  EXPECT_EQ(r.expose(),
            "# HELP app_requests_total Requests answered.\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{route=\"/a\",status=\"404\"} 1\n"
            "app_requests_total{route=\"/b\",status=\"200\"} 2\n"
            "# HELP app_depth Rows waiting.\n"
            "# TYPE app_depth gauge\n"
            "app_depth 7\n"
            "# HELP app_ratio A value read at scrape time.\n"
            "# TYPE app_ratio gauge\n"
            "app_ratio 0.25\n");
}

TEST(metrics_test, families_without_labels_start_at_zero_and_labelled_ones_empty) {
  registry r;
  r.add_counter("app_events_total", "Events.");
  r.add_counter("app_kinds_total", "Events by kind.", {"kind"});
  EXPECT_EQ(r.expose(),
            "# HELP app_events_total Events.\n"
            "# TYPE app_events_total counter\n"
            "app_events_total 0\n"
            "# HELP app_kinds_total Events by kind.\n"
            "# TYPE app_kinds_total counter\n");
}

TEST(metrics_test, label_values_escape_backslash_quote_and_newline) {
  registry r;
  r.add_gauge("app_g", "Help with a \\ backslash,\na newline and a \"quote\".", {"v"})
      .with({"a\"b\\c\nd"})
      .set(1);
  EXPECT_EQ(r.expose(),
            "# HELP app_g Help with a \\\\ backslash,\\na newline and a \"quote\".\n"
            "# TYPE app_g gauge\n"
            "app_g{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(metrics_test, histogram_buckets_are_cumulative_with_inf_sum_and_count) {
  registry r;
  family<histogram>& latency = r.add_histogram("app_seconds", "Latency.", {"route"}, {0.1, 0.5, 1});
  histogram& h = latency.with({"/x"});
  h.observe(0.05);
  h.observe(0.1);  // on the bound: "less than or equal"
  h.observe(0.7);
  h.observe(3);
  EXPECT_EQ(r.expose(),
            "# HELP app_seconds Latency.\n"
            "# TYPE app_seconds histogram\n"
            "app_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
            "app_seconds_bucket{route=\"/x\",le=\"0.5\"} 2\n"
            "app_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
            "app_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
            "app_seconds_sum{route=\"/x\"} 3.85\n"
            "app_seconds_count{route=\"/x\"} 4\n");
}

TEST(metrics_test, a_histogram_without_labels_has_only_le) {
  registry r;
  r.add_histogram("app_s", "S.", {}, {1}).with({}).observe(2);
  EXPECT_EQ(r.expose(),
            "# HELP app_s S.\n"
            "# TYPE app_s histogram\n"
            "app_s_bucket{le=\"1\"} 0\n"
            "app_s_bucket{le=\"+Inf\"} 1\n"
            "app_s_sum 2\n"
            "app_s_count 1\n");
}

TEST(metrics_test, special_gauge_values_use_the_formats_spelling) {
  registry r;
  family<gauge>& g = r.add_gauge("app_v", "V.", {"k"});
  g.with({"a"}).set(INFINITY);
  g.with({"b"}).set(-INFINITY);
  g.with({"c"}).set(NAN);
  g.with({"d"}).set(1e-7);
  g.with({"e"}).set(-2.5);
  const std::string text = r.expose();
  EXPECT_NE(text.find("app_v{k=\"a\"} +Inf\n"), std::string::npos) << text;
  EXPECT_NE(text.find("app_v{k=\"b\"} -Inf\n"), std::string::npos) << text;
  EXPECT_NE(text.find("app_v{k=\"c\"} NaN\n"), std::string::npos) << text;
  EXPECT_NE(text.find("app_v{k=\"d\"} 1e-07\n"), std::string::npos) << text;
  EXPECT_NE(text.find("app_v{k=\"e\"} -2.5\n"), std::string::npos) << text;
}

TEST(metrics_test, with_returns_the_same_metric_for_the_same_labels) {
  registry r;
  family<counter>& f = r.add_counter("app_c_total", "C.", {"k"});
  counter& first = f.with({"x"});
  f.with({"x"}).inc();
  EXPECT_EQ(&first, &f.with({"x"}));
  EXPECT_EQ(first.value(), 1u);
  EXPECT_NE(&first, &f.with({"y"}));
}

TEST(metrics_test, misuse_is_refused) {
  registry r;
  family<counter>& f = r.add_counter("app_c_total", "C.", {"k"});
  EXPECT_THROW(f.with({}), std::invalid_argument);
  EXPECT_THROW(f.with({"a", "b"}), std::invalid_argument);
  EXPECT_THROW(r.add_counter("app_c_total", "again"), std::invalid_argument);
  EXPECT_THROW(r.add_gauge("9starts_with_digit", "x"), std::invalid_argument);
  EXPECT_THROW(r.add_gauge("app_has-dash", "x"), std::invalid_argument);
  EXPECT_THROW(r.add_gauge("app_g", "x", {"bad label"}), std::invalid_argument);
  EXPECT_THROW(r.add_gauge("app_g2", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(r.add_histogram("app_h", "x", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(r.add_histogram("app_h2", "x", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(r.add_histogram("app_h3", "x", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(r.add_histogram("app_h4", "x", {}, {INFINITY}), std::invalid_argument);
}

TEST(metrics_test, concurrent_updates_are_all_counted) {
  registry r;
  counter& c = r.add_counter("app_c_total", "C.").with({});
  gauge& g = r.add_gauge("app_g", "G.").with({});
  histogram& h = r.add_histogram("app_h", "H.", {}, {0.5}).with({});
  family<counter>& labelled = r.add_counter("app_l_total", "L.", {"t"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        g.add(1);
        h.observe(1);
        labelled.with({t % 2 == 0 ? "even" : "odd"}).inc();
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(c.value(), 40000u);
  EXPECT_EQ(g.value(), 40000.0);
  EXPECT_EQ(h.read().cumulative.back(), 40000u);
  EXPECT_EQ(h.read().sum, 40000.0);
  EXPECT_EQ(labelled.with({"even"}).value(), 20000u);
}

}  // namespace
}  // namespace madoguchi::telemetry
