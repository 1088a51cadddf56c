// File: group_notice.hpp
//
// What the bot says once when it is added to a LINE group or room: that it answers in one-to-one
// chats, and how to add it as a friend. It then stays silent in the group: a citizen's question
// there is not the bot's to answer, and the others did not ask for it.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <string>
#include <string_view>

namespace madoguchi::bot {

// The add-friend link of a LINE account whose LINE ID is `line_id` ("@123abcde"); empty when it
// is.
std::string line_add_friend_url(std::string_view line_id);

// The notice, with the add-friend link as a button when `add_friend_url` is not empty.
reply group_chat_notice(std::string_view add_friend_url);

}  // namespace madoguchi::bot
