// Messenger / Instagram webhook parsing. Untrusted input: nlohmann is used without exceptions
// (parse(…, nullptr, false), no .at()), and every field is type-checked before use.
#include "madoguchi/webhook/messenger_event.hpp"

#include "../json_fields.hpp"
#include "madoguchi/bot/reply.hpp"
#include "madoguchi/webhook/error.hpp"

#include <algorithm>

namespace madoguchi::webhook {
namespace {

using namespace json_fields;
using kind = channel_event::kind;

bool is_own_echo(const json& message, std::string_view own_app_id) {
  if (string_of(message, "metadata") == own_message_metadata) {
    return true;
  }
  return !own_app_id.empty() && string_of(message, "app_id") == own_app_id;
}

// A sticker (Messenger's like button sends the 👍 sticker, with sticker_id) or Instagram's heart
// (an attachment of type like_heart).
bool is_sticker(const json& message) {
  if (member(message, "sticker_id").is_number_integer() ||
      !string_of(message, "sticker_id").empty()) {
    return true;
  }
  const json& attachments = member(message, "attachments");
  if (attachments.is_array()) {
    for (const json& attachment : attachments) {
      if (string_of(attachment, "type") == "like_heart" ||
          member(member(attachment, "payload"), "sticker_id").is_number_integer()) {
        return true;
      }
    }
  }
  return false;
}

bool is_story_mention(const json& message) {
  const json& attachments = member(message, "attachments");
  return attachments.is_array() &&
         std::any_of(attachments.begin(), attachments.end(), [](const json& attachment) {
           return string_of(attachment, "type") == "story_mention";
         });
}

void parse_message(const json& message, std::string_view own_app_id, channel_event& event,
                   const json& item) {
  event.message_id = string_of(message, "mid");
  if (bool_of(message, "is_echo")) {
    // The page wrote to the person: the person is the recipient.
    event.sender_id = string_of(member(item, "recipient"), "id");
    event.type = is_own_echo(message, own_app_id) ? kind::echo : kind::staff_message;
    return;
  }
  if (bool_of(message, "is_deleted")) {
    event.type = kind::other;  // Instagram: the person unsent a message
    return;
  }
  event.text = string_of(message, "text");
  event.payload = string_of(member(message, "quick_reply"), "payload");
  // Instagram story replies carry text and reply_to.story; shares, stickers and unsupported
  // messages have no text: answered as attachments (a sticker after an answer: as thanks).
  event.type = event.text.empty() && event.payload.empty() ? kind::attachment : kind::text;
  if (event.type == kind::attachment && is_story_mention(message)) {
    // Someone tagged the account in their story: news for the account, not a question to it.
    event.type = kind::other;
    return;
  }
  if (event.type == kind::attachment && is_sticker(message)) {
    event.payload = bot::sticker_payload;
  }
}

channel_event parse_item(const json& item, const std::string& platform,
                         const std::string& account_id, std::string_view own_app_id, bool standby) {
  channel_event event;
  event.platform = platform;
  event.account_id = account_id;
  event.standby = standby;
  event.sender_id = string_of(member(item, "sender"), "id");
  if (const std::string user_ref = string_of(member(item, "sender"), "user_ref");
      event.sender_id.empty() && !user_ref.empty()) {
    event.sender_id = std::string(user_ref_prefix) + user_ref;
  }
  event.timestamp = integer_of(item, "timestamp");

  if (const json& message = member(item, "message"); message.is_object()) {
    parse_message(message, own_app_id, event, item);
    return event;
  }
  // message_edits: the new text of a message sent before. The edit has an id of its own (the
  // journal keeps each edit once), and names the message it replaces.
  if (const json& edit = member(item, "message_edit"); edit.is_object()) {
    event.type = kind::edited;
    event.edits = string_of(edit, "mid");
    event.text = string_of(edit, "text");
    const json& times = member(edit, "num_edit");
    event.message_id = event.edits + "#edit" +
                       (times.is_number_integer() ? std::to_string(times.get<std::int64_t>())
                                                  : string_of(edit, "num_edit"));
    if (event.edits.empty() || event.text.empty()) {
      event.type = kind::other;
    }
    return event;
  }
  if (const json& postback = member(item, "postback"); postback.is_object()) {
    event.type = kind::postback;
    event.message_id = string_of(postback, "mid");
    event.text = string_of(postback, "title");
    event.payload = string_of(postback, "payload");
    return event;
  }
  // Handover Protocol: pass_thread_control reaches the app that receives control, and
  // take_thread_control the app that loses it.
  if (member(item, "pass_thread_control").is_object()) {
    event.type = kind::staff_released;
    return event;
  }
  if (member(item, "take_thread_control").is_object()) {
    event.type = kind::staff_took;
    return event;
  }
  // The thread owner is asked to pass the thread (the staff inbox, moving a conversation back to
  // its main folder): staff want to answer, so the bot passes it and stays silent.
  if (const json& request = member(item, "request_thread_control"); request.is_object()) {
    event.type = kind::staff_requested;
    const json& app = member(request, "requested_owner_app_id");
    event.payload = app.is_number_integer() ? std::to_string(app.get<std::int64_t>())
                                            : string_of(request, "requested_owner_app_id");
    return event;
  }
  for (const char* receipt : {"delivery", "read", "reaction"}) {
    if (member(item, receipt).is_object()) {
      event.type = kind::receipt;
      return event;
    }
  }
  event.type = kind::other;
  return event;
}

}  // namespace

boost::system::result<std::vector<channel_event>> parse_messenger_events(
    std::string_view body, std::string_view own_app_id) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return make_error_code(errc::malformed_json);
  }
  const std::string object = string_of(document, "object");
  if (object.empty()) {
    return make_error_code(errc::unexpected_object);
  }
  std::vector<channel_event> events;
  if (object != "page" && object != "instagram") {
    // Another object the app is subscribed to (permissions, user …): Meta expects a 200 for it
    // as for any event, or it retries and in the end disables the subscription.
    return events;
  }
  const std::string platform = object == "page" ? "messenger" : "instagram";

  const json& entries = member(document, "entry");
  if (!entries.is_array()) {
    return events;
  }
  for (const json& entry : entries) {
    const std::string account_id = string_of(entry, "id");
    // "standby" carries the items of threads another app owns (the Page Inbox after a
    // hand-over): the pipeline learns from them who is talking, and stays silent.
    for (const bool standby : {false, true}) {
      const json& items = member(entry, standby ? "standby" : "messaging");
      if (!items.is_array()) {
        continue;
      }
      for (const json& item : items) {
        events.push_back(parse_item(item, platform, account_id, own_app_id, standby));
      }
    }
  }
  return events;
}

}  // namespace madoguchi::webhook
