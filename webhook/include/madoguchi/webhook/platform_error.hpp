// File: platform_error.hpp
//
// The error message of a failed platform call, for logs and operators (the error bodies never
// contain tokens).
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::webhook {

// Meta's {"error":{"message","code"}} as "message (code N)", LINE's {"message"} as "message";
// an empty string for any other body.
std::string platform_error(std::string_view body);

}  // namespace madoguchi::webhook
