// Tests of the readiness checks: every check runs, each failing one is named with its problem
// and fix, a throwing check fails.
#include "madoguchi/telemetry/readiness.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace madoguchi::telemetry {
namespace {

TEST(readiness_test, no_checks_is_ready) {
  const readiness::report report = readiness{}.evaluate();
  EXPECT_TRUE(report.ready);
  EXPECT_EQ(report.body, nlohmann::json::parse(R"({"ready":true,"failing":[],"checks":{}})"));
}

TEST(readiness_test, each_failing_check_is_named_with_its_problem_and_fix) {
  readiness checks;
  int runs = 0;
  checks.add("journal", [&] {
    ++runs;
    return check_outcome::failed("cannot write", "free disk space");
  });
  checks.add("knowledge", [&] {
    ++runs;
    return check_outcome{};
  });
  checks.add("outbox", [&]() -> check_outcome {
    ++runs;
    throw std::runtime_error("database is locked");
  });
  const readiness::report report = checks.evaluate();
  EXPECT_EQ(runs, 3);
  EXPECT_FALSE(report.ready);
  EXPECT_EQ(report.body, nlohmann::json::parse(R"({
    "ready": false,
    "failing": ["journal", "outbox"],
    "checks": {
      "journal": {"ok": false, "problem": "cannot write", "fix": "free disk space"},
      "knowledge": {"ok": true},
      "outbox": {"ok": false, "problem": "database is locked", "fix": "see the server log"}
    }})"));
}

}  // namespace
}  // namespace madoguchi::telemetry
