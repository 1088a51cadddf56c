// staff_directory on SQLite: the staff, staff_tenants and staff_sessions tables.
#pragma once

#include "connection.hpp"
#include "madoguchi/store/staff.hpp"

#include <functional>

namespace madoguchi::store::sqlite {

class staff_rows final : public staff_directory {
 public:
  explicit staff_rows(connection& db) : db_(db) {}

  // store::staff_directory
  bool add(staff_account& account) override;
  std::optional<staff_account> find(std::string_view username) override;
  std::optional<staff_account> find(std::int64_t id) override;
  std::vector<staff_account> list() override;
  bool update(const staff_account& account) override;
  void add_session(const staff_session& session) override;
  std::optional<staff_session> find_session(std::string_view token_hash, std::int64_t now) override;
  void touch_session(std::string_view token_hash, std::int64_t now) override;
  void remove_session(std::string_view token_hash) override;
  void remove_sessions_of(std::int64_t staff_id) override;
  std::size_t remove_expired_sessions(std::int64_t now, std::int64_t idle_since) override;

 private:
  // The accounts matching `where` (a clause on staff aliased s, parameter ?1 bound by `bind`).
  std::vector<staff_account> select(std::string_view where,
                                    const std::function<void(statement&)>& bind);
  void replace_tenants(std::int64_t staff_id, const std::vector<std::string>& tenants);

  connection& db_;
};

}  // namespace madoguchi::store::sqlite
