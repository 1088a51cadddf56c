// Golden files: read, compare line by line, or rewrite on request.
#include "golden.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace madoguchi::webhook {
namespace {

bool updating() {
  const char* update = std::getenv("MADOGUCHI_UPDATE_GOLDEN");
  return update != nullptr && std::string_view(update) == "1";
}

// The first line where `expected` and `actual` differ, numbered from 1, with both versions.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream want(expected);
  std::istringstream got(actual);
  std::string want_line;
  std::string got_line;
  for (int number = 1;; ++number) {
    const bool more_wanted = static_cast<bool>(std::getline(want, want_line));
    const bool more_got = static_cast<bool>(std::getline(got, got_line));
    if (!more_wanted && !more_got) {
      return "files differ only in their last newline";
    }
    if (!more_wanted || !more_got || want_line != got_line) {
      return "line " + std::to_string(number) +
             "\n  golden:   " + (more_wanted ? want_line : "<end of file>") +
             "\n  rendered: " + (more_got ? got_line : "<end of output>");
    }
  }
}

}  // namespace

::testing::AssertionResult matches_golden(std::string_view name, const nlohmann::json& rendered) {
  const std::string path = std::string(MADOGUCHI_GOLDEN_DIR) + "/" + std::string(name) + ".json";
  const std::string actual = rendered.dump(2) + "\n";
  if (updating()) {
    std::ofstream out(path, std::ios::binary);
    if (!(out << actual)) {
      return ::testing::AssertionFailure() << "cannot write " << path;
    }
    return ::testing::AssertionSuccess() << "rewrote " << path;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return ::testing::AssertionFailure()
           << path << " is missing; create it with MADOGUCHI_UPDATE_GOLDEN=1 and review it";
  }
  const std::string expected{std::istreambuf_iterator<char>(file), {}};
  if (expected == actual) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << path << " differs at " << first_difference(expected, actual)
         << "\n(after an intended change, rerun with "
            "MADOGUCHI_UPDATE_GOLDEN=1 and review the diff)";
}

}  // namespace madoguchi::webhook
