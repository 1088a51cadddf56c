// File: line_event.hpp
//
// LINE Messaging API webhook bodies ({"destination", "events":[…]}) parsed into flat channel
// events. A pure function over JSON text.
#pragma once

#include "madoguchi/webhook/channel_event.hpp"

#include <boost/system/result.hpp>

#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// Parses a webhook body, one channel event per LINE event, in order:
// - message: text → text; sticker, image, video, audio, file, location → attachment;
// - postback: its data as payload; follow: a postback of bot::get_started_payload; unfollow;
// - events from groups and rooms, in standby mode (another module owns the channel), and other
//   types are `other`: madoguchi answers one-to-one chats only.
// message_id is the webhookEventId, the dedupe key LINE keeps across redeliveries. Fails only
// when the body is not JSON or has no "events" array (the verification request has an empty one).
boost::system::result<std::vector<channel_event>> parse_line_events(std::string_view body);

}  // namespace madoguchi::webhook
