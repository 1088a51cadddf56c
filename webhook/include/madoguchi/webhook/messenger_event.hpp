// File: messenger_event.hpp
//
// Messenger and Instagram webhook bodies (object "page" and "instagram") parsed into flat channel
// events. A pure function over JSON text.
#pragma once

#include "madoguchi/webhook/channel_event.hpp"

#include <boost/system/result.hpp>

#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// Sent as the Send API's message.metadata; Meta echoes it back, which tells madoguchi's own
// echoes from the messages staff write in the Page Inbox.
inline constexpr std::string_view own_message_metadata = "madoguchi";

// A person known only by a user_ref (a plugin's or a link's postback before they ever wrote):
// their sender_id is this prefix and the user_ref, a conversation of its own, and replies go to
// recipient.user_ref. (PSIDs and IGSIDs are digits: no clash.)
inline constexpr std::string_view user_ref_prefix = "user_ref:";

// Parses a webhook body. Every entry and every messaging and standby item is returned, in order.
// An echo is `echo` when madoguchi sent it (its metadata, or `own_app_id` when configured) and
// `staff_message` otherwise; its sender_id is the person it was sent to. Handover webhooks become
// staff_took / staff_released. Unknown fields are ignored. Another "object" of the app
// (permissions, user …) gives no events. Fails only when the body is not JSON or has no "object".
boost::system::result<std::vector<channel_event>> parse_messenger_events(
    std::string_view body, std::string_view own_app_id = {});

}  // namespace madoguchi::webhook
