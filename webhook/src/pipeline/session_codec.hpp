// A conversation's session as the store keeps it: the columns the store queries, and the rest
// as JSON.
#pragma once

#include "madoguchi/bot/conversation.hpp"
#include "madoguchi/store/database.hpp"

#include <string>

namespace madoguchi::webhook {

struct conversation_key {
  std::string tenant;
  std::string channel;
  std::string sender;
};

store::conversation to_record(const conversation_key& key, const bot::session& s);

// The session of `record`; a record this version cannot read is a new session.
bot::session from_record(const store::conversation& record);

}  // namespace madoguchi::webhook
