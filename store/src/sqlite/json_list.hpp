// A list of strings as one SQL parameter: JSON text that SQL reads back with json_each, so that
// "tenant_id IN (SELECT value FROM json_each(?1))" takes a list of any length, and
// "json_array_length(?1) = 0" tells an empty one.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace madoguchi::store::sqlite {

inline std::string json_list(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

}  // namespace madoguchi::store::sqlite
