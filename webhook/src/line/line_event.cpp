// LINE webhook parsing. Untrusted input: no exceptions, every field type-checked.
#include "madoguchi/webhook/line_event.hpp"

#include "../json_fields.hpp"
#include "madoguchi/bot/reply.hpp"
#include "madoguchi/webhook/error.hpp"

namespace madoguchi::webhook {
namespace {

using namespace json_fields;
using kind = channel_event::kind;

kind kind_of(const json& event) {
  const std::string type = string_of(event, "type");
  if (type == "message") {
    const json& message = member(event, "message");
    return string_of(message, "type") == "text" ? kind::text : kind::attachment;
  }
  if (type == "postback") {
    return kind::postback;
  }
  if (type == "follow") {
    return kind::follow;
  }
  if (type == "unfollow") {
    return kind::unfollow;
  }
  return kind::other;
}

channel_event parse_event(const json& event, const std::string& destination) {
  channel_event parsed;
  parsed.platform = "line";
  parsed.account_id = destination;
  parsed.message_id = string_of(event, "webhookEventId");
  parsed.timestamp = integer_of(event, "timestamp");
  parsed.reply_token = string_of(event, "replyToken");
  const json& source = member(event, "source");
  parsed.sender_id = string_of(source, "userId");
  const bool one_to_one = string_of(source, "type") == "user" && !parsed.sender_id.empty();
  const bool active = string_of(event, "mode") != "standby";
  parsed.type = one_to_one && active ? kind_of(event) : kind::other;
  switch (parsed.type) {
    case kind::text: parsed.text = string_of(member(event, "message"), "text"); break;
    case kind::postback: parsed.payload = string_of(member(event, "postback"), "data"); break;
    case kind::follow: parsed.payload = bot::get_started_payload; break;
    default: break;
  }
  return parsed;
}

}  // namespace

boost::system::result<std::vector<channel_event>> parse_line_events(std::string_view body) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return make_error_code(errc::malformed_json);
  }
  const json& events = member(document, "events");
  if (!events.is_array()) {
    return make_error_code(errc::unexpected_object);
  }
  const std::string destination = string_of(document, "destination");
  std::vector<channel_event> parsed;
  for (const json& event : events) {
    parsed.push_back(parse_event(event, destination));
  }
  return parsed;
}

}  // namespace madoguchi::webhook
