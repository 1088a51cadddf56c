// Reading untrusted JSON without exceptions: every field type-checked, absent or mistyped fields
// read as empty. For the platforms' webhook bodies and the journal payloads.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace madoguchi::webhook::json_fields {

using json = nlohmann::json;

// The member `key` of `object`, or null when `object` is not an object or has no such member.
inline const json& member(const json& object, const char* key) {
  static const json null_value;
  if (!object.is_object()) {
    return null_value;
  }
  const auto found = object.find(key);
  return found == object.end() ? null_value : *found;
}

// A string member; integers are accepted too (ids sometimes arrive as numbers).
inline std::string string_of(const json& object, const char* key) {
  const json& value = member(object, key);
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer() || value.is_number_unsigned()) {
    return value.dump();
  }
  return {};
}

inline std::int64_t integer_of(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

inline bool bool_of(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_boolean() && value.get<bool>();
}

}  // namespace madoguchi::webhook::json_fields
