// unanswered_log on SQLite: the unanswered table, one row per (tenant, normalised text).
#pragma once

#include "connection.hpp"
#include "madoguchi/store/unanswered.hpp"

namespace madoguchi::store::sqlite {

class unanswered_rows final : public unanswered_log {
 public:
  explicit unanswered_rows(connection& db) : db_(db) {}

  // store::unanswered_log
  void record(std::string_view tenant, std::string_view normalized_text, std::string_view text,
              std::string_view sender_pseudonym, std::int64_t now) override;
  std::vector<unanswered_question> open(const std::vector<std::string>& tenants,
                                        std::size_t limit) override;
  std::optional<unanswered_question> find(std::int64_t id) override;
  void mark_attached(std::int64_t id, std::string_view entry_id) override;
  void mark_dismissed(std::int64_t id, std::int64_t now) override;

 private:
  connection& db_;
};

}  // namespace madoguchi::store::sqlite
