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
    // Several images sent at once arrive one event each, numbered in imageSet: the first one
    // stands for the set, so that the person gets one reply, not one per image.
    if (const json& set = member(message, "imageSet"); set.is_object() &&
                                                       member(set, "index").is_number_integer() &&
                                                       integer_of(set, "index") > 1) {
      return kind::other;
    }
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

// The ranges [index, index + length) of `spans` (LINE's emojis[] or mention.mentionees[]), in
// UTF-16 code units as LINE counts them.
void mark_spans(const json& spans, std::vector<std::pair<std::int64_t, std::int64_t>>& ranges) {
  if (!spans.is_array()) {
    return;
  }
  for (const json& span : spans) {
    if (!member(span, "index").is_number_integer() || !member(span, "length").is_number_integer()) {
      continue;
    }
    const std::int64_t index = integer_of(span, "index");
    const std::int64_t length = integer_of(span, "length");
    if (index >= 0 && length > 0) {
      ranges.emplace_back(index, index + length);
    }
  }
}

// The text of a LINE text message without its LINE emoji and mentions: LINE writes an emoji's
// alt text into the text (「セミナー (love)」) and gives its place in emojis[]; a mention's
// name is in the text the same way. Each becomes one space, so that the words around stay apart.
std::string text_without_emoji_and_mentions(const json& message) {
  std::string text = string_of(message, "text");
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  mark_spans(member(message, "emojis"), ranges);
  mark_spans(member(member(message, "mention"), "mentionees"), ranges);
  if (ranges.empty()) {
    return text;
  }
  const auto removed = [&](std::int64_t unit) {
    for (const auto& [first, last] : ranges) {
      if (first <= unit && unit < last) {
        return true;
      }
    }
    return false;
  };
  std::string kept;
  std::int64_t unit = 0;  // UTF-16 position of the character at byte i
  bool in_gap = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::size_t take = std::min(bytes, text.size() - i);
    if (removed(unit)) {
      if (!in_gap) {
        kept += ' ';
      }
      in_gap = true;
    } else {
      kept.append(text, i, take);
      in_gap = false;
    }
    unit += bytes == 4 ? 2 : 1;  // a character beyond the BMP is a surrogate pair
    i += take;
  }
  return kept;
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
  const std::string source_type = string_of(source, "type");
  const bool one_to_one = source_type == "user" && !parsed.sender_id.empty();
  const bool active = string_of(event, "mode") != "standby";
  parsed.type = one_to_one && active ? kind_of(event) : kind::other;
  // In a group or a room only the join itself is answered (once, to say where the bot answers);
  // what is said there afterwards is not the bot's to answer.
  if (active && string_of(event, "type") == "join" &&
      (source_type == "group" || source_type == "room")) {
    parsed.type = kind::joined_group;
    parsed.sender_id = string_of(source, source_type == "group" ? "groupId" : "roomId");
  }
  switch (parsed.type) {
    case kind::text: parsed.text = text_without_emoji_and_mentions(member(event, "message")); break;
    case kind::postback: parsed.payload = string_of(member(event, "postback"), "data"); break;
    case kind::follow: parsed.payload = bot::get_started_payload; break;
    case kind::attachment:
      if (string_of(member(event, "message"), "type") == "sticker") {
        parsed.payload = bot::sticker_payload;
      }
      break;
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
