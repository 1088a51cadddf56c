// File: audit.hpp
//
// The audit log: who did what, when, to which entry or account, with the content before and
// after. Rows are only ever appended.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

struct audit_record {
  std::int64_t id = 0;
  std::string at;      // UTC ISO 8601, set by the store
  std::string actor;   // staff username, or "cli:<command>"
  std::string action;  // e.g. "entry.create", "entry.publish", "login.locked", "staff.add"
  std::string tenant;  // empty when not about one tenant
  std::string target;  // entry id or username; may be empty
  std::string before;  // JSON text, or empty
  std::string after;   // JSON text, or empty
  bool operator==(const audit_record&) const = default;
};

struct audit_query {
  std::vector<std::string> tenants;  // empty: every tenant (and rows without one)
  std::string target;                // empty: any
  std::size_t limit = 200;
  std::int64_t before_id = 0;  // 0: from the newest; else only rows with smaller ids
};

class audit_log {
 public:
  virtual ~audit_log() = default;
  // Appends the record (its id and at are set by the store); returns the id.
  virtual std::int64_t append(const audit_record& record) = 0;
  // Newest first.
  virtual std::vector<audit_record> query(const audit_query& q) = 0;
};

}  // namespace madoguchi::store
