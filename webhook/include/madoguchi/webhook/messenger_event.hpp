// File: messenger_event.hpp
//
// Messenger and Instagram webhook events (object "page" and "instagram"): parsing the signed body
// into flat events, and the journal serialisation of one event. Pure functions over JSON text.
#pragma once

#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

struct messenger_event {
  enum class kind {
    text,        // a message with text (possibly a tapped quick reply: see payload)
    postback,    // a tapped button, Get Started or menu item
    attachment,  // a message without text: image, sticker, audio …
    echo,        // our own or staff's outgoing message, reflected back: never answered
    receipt,     // delivery, read, reaction: nothing to answer
    other,       // an event type this version does not handle
  };
  kind type = kind::other;
  std::string platform;    // "messenger" (object "page") or "instagram"
  std::string account_id;  // entry.id: the Page id or Instagram account id that was messaged
  std::string sender_id;   // PSID or IGSID
  std::string message_id;  // mid; may be empty for receipts
  std::string text;
  std::string payload;         // quick-reply or postback payload
  std::int64_t timestamp = 0;  // milliseconds since the epoch, as sent
};

// Parses a webhook body. Every entry and every messaging (and standby) item is returned, in
// order. Unknown fields are ignored. Fails only when the body is not JSON or not an object whose
// "object" is "page" or "instagram" (the error message says which).
boost::system::result<std::vector<messenger_event>> parse_messenger_events(std::string_view body);

// The journal payload of an event, and back. decode fails only on text encode() did not write.
std::string encode_for_journal(const messenger_event& event);
boost::system::result<messenger_event> decode_from_journal(std::string_view payload);

// The dedupe key of an event: its mid, or for events without one, a key built from the account,
// sender and timestamp (identical on a redelivery).
std::string event_key(const messenger_event& event);

}  // namespace madoguchi::webhook
