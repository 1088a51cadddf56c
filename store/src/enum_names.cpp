// The names of the store's enumerations, as the API and the database spell them.
#include "madoguchi/store/editorial.hpp"
#include "madoguchi/store/staff.hpp"

namespace madoguchi::store {

std::string_view to_string(entry_status s) {
  switch (s) {
    case entry_status::draft: return "draft";
    case entry_status::published: return "published";
    case entry_status::retired: return "retired";
  }
  return "draft";
}

std::string_view to_string(staff_role r) {
  switch (r) {
    case staff_role::editor: return "editor";
    case staff_role::admin: return "admin";
  }
  return "editor";
}

std::optional<staff_role> parse_staff_role(std::string_view text) {
  if (text == "editor") {
    return staff_role::editor;
  }
  if (text == "admin") {
    return staff_role::admin;
  }
  return std::nullopt;
}

}  // namespace madoguchi::store
