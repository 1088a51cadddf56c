// Checks shared by the webhook body harnesses (fuzz_messenger, fuzz_line).
#pragma once

#include "madoguchi/webhook/channel_event.hpp"

#include <string_view>
#include <utility>

namespace madoguchi::fuzz {

// A harness input: the signature header's value on the first line, the raw body after it (the
// seeds are real signed bodies). Without a line break the whole input is the body.
inline std::pair<std::string_view, std::string_view> split_header(std::string_view input) {
  const auto end = input.find('\n');
  if (end == std::string_view::npos) {
    return {{}, input};
  }
  return {input.substr(0, end), input.substr(end + 1)};
}

inline bool same_event(const webhook::channel_event& a, const webhook::channel_event& b) {
  return a.type == b.type && a.platform == b.platform && a.account_id == b.account_id &&
         a.sender_id == b.sender_id && a.message_id == b.message_id && a.text == b.text &&
         a.payload == b.payload && a.reply_token == b.reply_token && a.standby == b.standby &&
         a.timestamp == b.timestamp;
}

// What the channels and the pipeline do with every parsed event: classify it, journal it and
// read it back (which must give the same event), and key it for dedupe.
inline void check_event(const webhook::channel_event& event) {
  (void)webhook::to_string(event.type);
  (void)webhook::needs_handling(event.type);
  const auto decoded = webhook::decode_from_journal(webhook::encode_for_journal(event));
  if (!decoded || !same_event(*decoded, event)) {
    __builtin_trap();  // the journal loses or changes an event
  }
  (void)webhook::event_key(event);
}

}  // namespace madoguchi::fuzz
