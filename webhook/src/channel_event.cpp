// The journal serialisation of channel events and their dedupe keys.
#include "madoguchi/webhook/channel_event.hpp"

#include "json_fields.hpp"
#include "madoguchi/webhook/error.hpp"

#include <algorithm>
#include <array>

namespace madoguchi::webhook {
namespace {

using namespace json_fields;
using kind = channel_event::kind;

constexpr std::array<kind, 14> all_kinds = {
    kind::text,          kind::postback,   kind::attachment,      kind::edited,
    kind::follow,        kind::unfollow,   kind::joined_group,    kind::echo,
    kind::staff_message, kind::staff_took, kind::staff_requested, kind::staff_released,
    kind::receipt,       kind::other};

}  // namespace

std::string_view to_string(kind k) {
  switch (k) {
    case kind::text: return "text";
    case kind::postback: return "postback";
    case kind::attachment: return "attachment";
    case kind::edited: return "edited";
    case kind::follow: return "follow";
    case kind::unfollow: return "unfollow";
    case kind::joined_group: return "joined_group";
    case kind::echo: return "echo";
    case kind::staff_message: return "staff_message";
    case kind::staff_took: return "staff_took";
    case kind::staff_requested: return "staff_requested";
    case kind::staff_released: return "staff_released";
    case kind::receipt: return "receipt";
    case kind::other: return "other";
  }
  return "other";
}

bool needs_handling(kind k) {
  return k != kind::echo && k != kind::receipt && k != kind::other;
}

std::string encode_for_journal(const channel_event& event) {
  return json{{"kind", to_string(event.type)},    {"platform", event.platform},
              {"account_id", event.account_id},   {"sender_id", event.sender_id},
              {"mid", event.message_id},          {"text", event.text},
              {"payload", event.payload},         {"edits", event.edits},
              {"reply_token", event.reply_token}, {"standby", event.standby},
              {"timestamp", event.timestamp}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

boost::system::result<channel_event> decode_from_journal(std::string_view payload) {
  const json document = json::parse(payload, nullptr, false);
  if (!document.is_object()) {
    return make_error_code(errc::malformed_payload);
  }
  const std::string name = string_of(document, "kind");
  const auto found = std::find_if(all_kinds.begin(), all_kinds.end(),
                                  [&](kind k) { return to_string(k) == name; });
  if (found == all_kinds.end()) {
    return make_error_code(errc::malformed_payload);
  }
  channel_event event;
  event.type = *found;
  event.platform = string_of(document, "platform");
  event.account_id = string_of(document, "account_id");
  event.sender_id = string_of(document, "sender_id");
  event.message_id = string_of(document, "mid");
  event.text = string_of(document, "text");
  event.payload = string_of(document, "payload");
  event.edits = string_of(document, "edits");
  event.reply_token = string_of(document, "reply_token");
  event.standby = bool_of(document, "standby");
  event.timestamp = integer_of(document, "timestamp");
  return event;
}

std::string event_key(const channel_event& event) {
  if (!event.message_id.empty()) {
    return event.message_id;
  }
  return event.account_id + ":" + event.sender_id + ":" + std::string(to_string(event.type)) + ":" +
         std::to_string(event.timestamp);
}

}  // namespace madoguchi::webhook
