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
  std::vector<knowledge::entry> published_entries(std::string_view tenant) override;
  std::size_t seed(const knowledge::default_content& content) override;
  import_counts import_entries(const knowledge::tenant& t,
                               const std::vector<knowledge::entry>& entries, bool replace,
                               std::string_view author) override;

 private:
  // Adds the entry's row if it has none yet, unpublished (a draft until published).
  void ensure_entry(const knowledge::entry& e);
  void publish(const knowledge::entry& e, std::int64_t version);
  // Unpublishes the entry; its versions stay.
  void retire(const knowledge::entry& e);

  connection& db_;
};

}  // namespace madoguchi::store::sqlite
