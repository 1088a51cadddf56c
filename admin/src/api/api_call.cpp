// api_call helpers and times.
#include "api_call.hpp"

#include <chrono>

namespace madoguchi::admin::api {

std::string api_call::query_value(const std::string& key) const {
  const auto found = query.find(key);
  return found == query.end() ? std::string() : found->second;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace madoguchi::admin::api
