// File: readiness.hpp
//
// The checks behind GET /readyz: a list of named checks, each saying whether this instance can
// take traffic now and, when not, what is wrong and what the operator should do. Adding one:
//
//   checks.add("outbox", [&] {
//     return depth() < limit ? check_outcome{}
//                            : check_outcome::failed("the outbox holds ... replies", "...");
//   });
//
// Thread safety: add every check before the server starts; evaluate may then run on any thread
// (the server runs it on its database thread, so a check may use the database).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace madoguchi::telemetry {

struct check_outcome {
  bool ok = true;
  std::string problem;  // what is wrong; empty when ok
  std::string fix;      // what to do about it; empty when ok

  static check_outcome failed(std::string problem, std::string fix) {
    return {false, std::move(problem), std::move(fix)};
  }
};

class readiness {
 public:
  using check = std::function<check_outcome()>;

  void add(std::string name, check run);

  struct report {
    bool ready = true;
    // {"ready":false,"failing":["journal"],"checks":{"journal":{"ok":false,"problem":…,"fix":…},
    //  "knowledge":{"ok":true}}}
    nlohmann::json body;
  };
  // Runs every check in the order they were added. A check that throws has failed, with the
  // exception's message as the problem.
  report evaluate() const;

 private:
  struct named_check {
    std::string name;
    check run;
  };
  std::vector<named_check> checks_;
};

}  // namespace madoguchi::telemetry
