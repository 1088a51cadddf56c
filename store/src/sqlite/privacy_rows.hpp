// privacy on SQLite: deletes across conversations, outbox, unanswered and the journal.
#pragma once

#include "connection.hpp"
#include "madoguchi/store/privacy.hpp"

namespace madoguchi::store::sqlite {

class privacy_rows final : public privacy {
 public:
  explicit privacy_rows(connection& db) : db_(db) {}

  // store::privacy
  forgotten forget_person(std::string_view platform, std::string_view sender,
                          std::string_view pseudonym) override;
  purged purge_before(std::int64_t cutoff_seconds) override;

 private:
  // Runs `sql` with `binds` and returns the number of rows it changed.
  std::int64_t changed(std::string_view sql, std::initializer_list<std::string_view> binds);

  connection& db_;
};

}  // namespace madoguchi::store::sqlite
