// Messenger / Instagram webhook parsing. Untrusted input: nlohmann is used without exceptions
// (parse(…, nullptr, false), no .at()), and every field is type-checked before use.
#include "madoguchi/webhook/messenger_event.hpp"

#include "madoguchi/webhook/error.hpp"

#include <nlohmann/json.hpp>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

std::string string_field(const json& object, const char* key) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(key);
  if (found == object.end()) {
    return {};
  }
  if (found->is_string()) {
    return found->get<std::string>();
  }
  // Page ids arrive as strings, but be lenient with numbers.
  if (found->is_number_integer() || found->is_number_unsigned()) {
    return found->dump();
  }
  return {};
}

const json& object_field(const json& object, const char* key) {
  static const json null_value;
  if (!object.is_object()) {
    return null_value;
  }
  const auto found = object.find(key);
  return found == object.end() ? null_value : *found;
}

std::int64_t integer_field(const json& object, const char* key) {
  const json& value = object_field(object, key);
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

messenger_event parse_item(const json& item, const std::string& platform,
                           const std::string& account_id) {
  messenger_event event;
  event.platform = platform;
  event.account_id = account_id;
  event.sender_id = string_field(object_field(item, "sender"), "id");
  event.timestamp = integer_field(item, "timestamp");

  if (const json& message = object_field(item, "message"); message.is_object()) {
    event.message_id = string_field(message, "mid");
    const json& echo = object_field(message, "is_echo");
    if (echo.is_boolean() && echo.get<bool>()) {
      event.type = messenger_event::kind::echo;
      return event;
    }
    event.text = string_field(message, "text");
    event.payload = string_field(object_field(message, "quick_reply"), "payload");
    event.type = event.text.empty() && event.payload.empty() ? messenger_event::kind::attachment
                                                             : messenger_event::kind::text;
    return event;
  }
  if (const json& postback = object_field(item, "postback"); postback.is_object()) {
    event.type = messenger_event::kind::postback;
    event.message_id = string_field(postback, "mid");
    event.text = string_field(postback, "title");
    event.payload = string_field(postback, "payload");
    return event;
  }
  for (const char* receipt : {"delivery", "read", "reaction"}) {
    if (object_field(item, receipt).is_object()) {
      event.type = messenger_event::kind::receipt;
      return event;
    }
  }
  event.type = messenger_event::kind::other;
  return event;
}

const char* kind_name(messenger_event::kind k) {
  switch (k) {
    case messenger_event::kind::text: return "text";
    case messenger_event::kind::postback: return "postback";
    case messenger_event::kind::attachment: return "attachment";
    case messenger_event::kind::echo: return "echo";
    case messenger_event::kind::receipt: return "receipt";
    case messenger_event::kind::other: return "other";
  }
  return "other";
}

}  // namespace

boost::system::result<std::vector<messenger_event>> parse_messenger_events(std::string_view body) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return make_error_code(errc::malformed_json);
  }
  const std::string object = string_field(document, "object");
  if (object != "page" && object != "instagram") {
    return make_error_code(errc::unexpected_object);
  }
  const std::string platform = object == "page" ? "messenger" : "instagram";

  std::vector<messenger_event> events;
  const json& entries = object_field(document, "entry");
  if (!entries.is_array()) {
    return events;
  }
  for (const json& entry : entries) {
    const std::string account_id = string_field(entry, "id");
    // "standby" carries the items of threads another app owns; parse them too so that
    // echoes and receipts are recognised, and the caller decides not to answer.
    for (const char* list : {"messaging", "standby"}) {
      const json& items = object_field(entry, list);
      if (!items.is_array()) {
        continue;
      }
      for (const json& item : items) {
        events.push_back(parse_item(item, platform, account_id));
      }
    }
  }
  return events;
}

std::string encode_for_journal(const messenger_event& event) {
  return json{{"kind", kind_name(event.type)},  {"platform", event.platform},
              {"account_id", event.account_id}, {"sender_id", event.sender_id},
              {"mid", event.message_id},        {"text", event.text},
              {"payload", event.payload},       {"timestamp", event.timestamp}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

boost::system::result<messenger_event> decode_from_journal(std::string_view payload) {
  const json document = json::parse(payload, nullptr, false);
  if (!document.is_object()) {
    return make_error_code(errc::malformed_payload);
  }
  messenger_event event;
  const std::string kind = string_field(document, "kind");
  bool known_kind = false;
  for (auto k : {messenger_event::kind::text, messenger_event::kind::postback,
                 messenger_event::kind::attachment, messenger_event::kind::echo,
                 messenger_event::kind::receipt, messenger_event::kind::other}) {
    if (kind == kind_name(k)) {
      event.type = k;
      known_kind = true;
    }
  }
  if (!known_kind) {
    return make_error_code(errc::malformed_payload);
  }
  event.platform = string_field(document, "platform");
  event.account_id = string_field(document, "account_id");
  event.sender_id = string_field(document, "sender_id");
  event.message_id = string_field(document, "mid");
  event.text = string_field(document, "text");
  event.payload = string_field(document, "payload");
  event.timestamp = integer_field(document, "timestamp");
  return event;
}

std::string event_key(const messenger_event& event) {
  if (!event.message_id.empty()) {
    return event.message_id;
  }
  return event.account_id + ":" + event.sender_id + ":" + std::to_string(event.timestamp);
}

}  // namespace madoguchi::webhook
