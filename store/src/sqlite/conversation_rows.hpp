// conversations on SQLite: the conversations table, one row per (tenant, channel, sender).
#pragma once

#include "connection.hpp"
#include "madoguchi/store/database.hpp"

namespace madoguchi::store::sqlite {

class conversation_rows final : public conversations {
 public:
  explicit conversation_rows(connection& db) : db_(db) {}

  // store::conversations
  std::optional<conversation> find(std::string_view tenant, std::string_view channel,
                                   std::string_view sender) override;
  void save(const conversation& c) override;
  std::vector<conversation> with_staff(std::string_view tenant) override;
  std::size_t forget_idle(std::int64_t before) override;

 private:
  connection& db_;
};

}  // namespace madoguchi::store::sqlite
