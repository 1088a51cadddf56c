// editorial on SQLite: drafts, publishing, retiring and rollback over entries and entry_versions.
// Invariant kept by every writer (this class and knowledge_rows): entries.draft_version, when
// set, is the newest version and newer than published_version; entries.retired is 1 only while
// published_version is NULL after having been set.
#pragma once

#include "connection.hpp"
#include "madoguchi/store/editorial.hpp"

namespace madoguchi::store::sqlite {

class editorial_rows final : public editorial {
 public:
  explicit editorial_rows(connection& db) : db_(db) {}

  // store::editorial
  std::vector<entry_record> entries(std::string_view tenant) override;
  std::optional<entry_record> find(std::string_view tenant, std::string_view id) override;
  edit_result create(const knowledge::entry& e, std::string_view author) override;
  edit_result save_draft(const knowledge::entry& e, std::string_view author) override;
  edit_result publish(std::string_view tenant, std::string_view id,
                      std::string_view author) override;
  edit_result retire(std::string_view tenant, std::string_view id,
                     std::string_view author) override;
  edit_result schedule(std::string_view tenant, std::string_view id, std::optional<std::int64_t> at,
                       std::string_view author) override;
  std::vector<scheduled_publication> due(std::int64_t now) override;
  std::vector<entry_version> versions(std::string_view tenant, std::string_view id) override;
  edit_result rollback(std::string_view tenant, std::string_view id, std::int64_t version,
                       std::string_view author) override;

 private:
  // Points the entry's row at its versions: which one is live, which is pending, and whether it
  // is retired.
  void set_state(std::string_view tenant, std::string_view id,
                 std::optional<std::int64_t> published, std::optional<std::int64_t> draft,
                 bool retired);

  connection& db_;
};

}  // namespace madoguchi::store::sqlite
