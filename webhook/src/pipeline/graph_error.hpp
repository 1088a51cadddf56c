// The error message of a failed platform call, for logs (the bodies never contain tokens).
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::webhook {

// Meta's {"error":{"message","code"}} or LINE's {"message"} as "message (code N)"; "" otherwise.
std::string platform_error(std::string_view body);

}  // namespace madoguchi::webhook
