// outbox on SQLite: the outbox table (migration 4).
#pragma once

#include "connection.hpp"
#include "madoguchi/store/outbox.hpp"

namespace madoguchi::store::sqlite {

class outbox_rows final : public outbox {
 public:
  explicit outbox_rows(connection& db) : db_(db) {}

  // store::outbox
  void add(std::vector<outbox_message>& messages) override;
  std::vector<outbox_message> pending() override;
  void mark_sent(std::int64_t id, std::string_view outcome) override;
  void reschedule(std::int64_t id, int attempts, std::int64_t next_attempt_ms,
                  std::string_view error) override;
  void give_up(std::int64_t id, std::string_view reason) override;
  std::int64_t depth() override;

 private:
  connection& db_;
};

}  // namespace madoguchi::store::sqlite
