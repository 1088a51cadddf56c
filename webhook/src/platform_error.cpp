#include "madoguchi/webhook/platform_error.hpp"

#include "json_fields.hpp"

namespace madoguchi::webhook {

std::string platform_error(std::string_view body) {
  using namespace json_fields;
  const json document = json::parse(body, nullptr, false);
  if (const json& error = member(document, "error"); error.is_object()) {
    return string_of(error, "message") + " (code " + std::to_string(integer_of(error, "code")) +
           ")";
  }
  return string_of(document, "message");
}

}  // namespace madoguchi::webhook
