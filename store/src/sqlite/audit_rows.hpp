// audit_log on SQLite: the audit_log table, which triggers keep append-only.
#pragma once

#include "connection.hpp"
#include "madoguchi/store/audit.hpp"

namespace madoguchi::store::sqlite {

class audit_rows final : public audit_log {
 public:
  explicit audit_rows(connection& db) : db_(db) {}

  // store::audit_log
  std::int64_t append(const audit_record& record) override;
  std::vector<audit_record> query(const audit_query& q) override;

 private:
  connection& db_;
};

}  // namespace madoguchi::store::sqlite
