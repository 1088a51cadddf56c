// Running the readiness checks and describing the result.
#include "madoguchi/telemetry/readiness.hpp"

namespace madoguchi::telemetry {

void readiness::add(std::string name, check run) {
  checks_.push_back({std::move(name), std::move(run)});
}

readiness::report readiness::evaluate() const {
  report result;
  nlohmann::json failing = nlohmann::json::array();
  nlohmann::json checks = nlohmann::json::object();
  for (const named_check& c : checks_) {
    check_outcome outcome;
    try {
      outcome = c.run();
    } catch (const std::exception& error) {
      outcome = check_outcome::failed(error.what(), "see the server log");
    }
    nlohmann::json entry = {{"ok", outcome.ok}};
    if (!outcome.ok) {
      result.ready = false;
      failing.push_back(c.name);
      entry["problem"] = outcome.problem;
      entry["fix"] = outcome.fix;
    }
    checks[c.name] = std::move(entry);
  }
  result.body = {{"ready", result.ready}, {"failing", failing}, {"checks", checks}};
  return result;
}

}  // namespace madoguchi::telemetry
