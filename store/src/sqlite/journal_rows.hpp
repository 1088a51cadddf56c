// journal on SQLite: the inbound_journal table, deduplicated by UNIQUE(platform, event_key).
#pragma once

#include "connection.hpp"
#include "madoguchi/store/database.hpp"

namespace madoguchi::store::sqlite {

class journal_rows final : public journal {
 public:
  explicit journal_rows(connection& db) : db_(db) {}

  // store::journal
  boost::system::result<std::vector<std::optional<std::int64_t>>> append(
      const std::vector<inbound_event>& events) override;
  std::vector<journaled_event> pending(std::size_t limit) override;
  bool complete(std::int64_t id, std::string_view outcome) override;
  void record_delivery(std::int64_t id, std::string_view outcome) override;
  std::int64_t pending_count() override;
  boost::system::error_code probe_write() override;

 private:
  connection& db_;
};

}  // namespace madoguchi::store::sqlite
