// File: channel_event.hpp
//
// One inbound platform event, flattened to what the conversation needs: the same shape for
// Messenger, Instagram and LINE. The channel adapters parse signed bodies into these, journal
// them, and the reply pipeline handles them.
#pragma once

#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace madoguchi::webhook {

struct channel_event {
  enum class kind {
    text,             // a message with text (possibly a tapped quick reply: see payload)
    postback,         // a tapped button, Get Started, menu item or LINE postback
    attachment,       // a message without text: image, sticker, audio, story mention …
    edited,           // Meta: the person edited a message (text: the new text; see edits)
    follow,           // LINE: added as a friend or unblocked: greet
    unfollow,         // LINE: blocked: nothing can be sent
    joined_group,     // LINE: added to a group or room (sender_id: its id): say where it answers
    echo,             // madoguchi's own outgoing message, reflected back: never answered
    staff_message,    // a message staff sent from the inbox: staff are active in the thread
    staff_took,       // the staff inbox took thread control (Handover Protocol)
    staff_requested,  // another app (the staff inbox) asked for thread control (payload: its id)
    staff_released,   // thread control was passed back to madoguchi
    receipt,          // delivery, read, seen, reaction: nothing to answer
    other,            // an event type this version does not handle
  };
  kind type = kind::other;
  std::string platform;    // "messenger", "instagram" or "line"
  std::string account_id;  // the Page id, Instagram account id, or LINE bot user id
  std::string sender_id;   // the person: PSID, IGSID or LINE userId (also for echoes)
  std::string message_id;  // mid or webhookEventId; may be empty for Meta receipts
  std::string text;
  std::string payload;         // quick-reply or postback payload; staff_requested: the app id
  std::string edits;           // edited: the id of the message edited (message_id is the edit's)
  std::string reply_token;     // LINE: single use, valid about a minute
  bool standby = false;        // Meta: delivered on standby, another app owns the thread
  std::int64_t timestamp = 0;  // milliseconds since the epoch, as sent
};

// "text", "postback", … as journaled.
std::string_view to_string(channel_event::kind k);

// Events the pipeline must see: messages to answer, and what changes who owns a thread.
bool needs_handling(channel_event::kind k);

// The journal payload of an event, and back. decode fails only on text encode() did not write.
std::string encode_for_journal(const channel_event& event);
boost::system::result<channel_event> decode_from_journal(std::string_view payload);

// The dedupe key of an event: its mid or webhookEventId, or for Meta events without one, a key
// built from the account, sender, kind and timestamp (identical on a redelivery).
std::string event_key(const channel_event& event);

}  // namespace madoguchi::webhook
