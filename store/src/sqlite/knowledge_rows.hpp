// knowledge_repository on SQLite.
#pragma once

#include "connection.hpp"
#include "madoguchi/store/database.hpp"

namespace madoguchi::store::sqlite {

class knowledge_rows final : public knowledge_repository {
 public:
  explicit knowledge_rows(connection& db) : db_(db) {}

  // store::knowledge_repository
  std::vector<knowledge::tenant> tenants() override;
  void ensure_tenant(const knowledge::tenant& t) override;
  std::vector<knowledge::entry> published_entries() override;
  std::size_t seed(const knowledge::default_content& content) override;

 private:
  connection& db_;
};

}  // namespace madoguchi::store::sqlite
