// File: reply.hpp
//
// A platform-neutral reply. Each platform adapter in webhook/ renders it within its own limits
// (text length, number and length of buttons, quick replies and carousel cards), shortening or
// splitting rather than failing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::bot {

struct link_button {
  std::string title;  // e.g. 申し込みページ
  std::string url;
  bool operator==(const link_button&) const = default;
};

struct quick_reply {
  std::string title;    // shown on the chip; adapters shorten it to the platform's limit
  std::string payload;  // comes back in the next inbound message when tapped
  bool operator==(const quick_reply&) const = default;
};

// One card of a carousel: an entry at a glance, with a button asking for its whole answer.
struct card {
  std::string title;
  std::string subtitle;  // the start of the answer
  std::string payload;   // entry_payload(id): the "詳しく見る" button
  std::vector<link_button> links;
  bool operator==(const card&) const = default;
};

struct reply {
  std::string text;  // may be empty only when `cards` is not
  std::vector<link_button> links;
  std::vector<card> cards;  // a carousel, shown after the text
  std::vector<quick_reply> quick_replies;
  bool operator==(const reply&) const = default;
};

// Payloads the platforms deliver back when a button, chip or menu item is tapped.
inline constexpr std::string_view get_started_payload = "get_started";  // Get Started, LINE follow
// Not tapped but set by the channels: a sticker, Messenger's like (👍) or Instagram's heart, which
// after an answer say thanks.
inline constexpr std::string_view sticker_payload = "sticker";

// Payload of a quick reply or button that asks for one entry's answer: "entry:<id>".
std::string entry_payload(std::string_view entry_id);

// The entry id of an entry_payload(), or an empty view for any other payload.
std::string_view entry_id_of_payload(std::string_view payload);

// Payload of a menu category: "menu:<id>" (see menu.hpp).
std::string menu_payload(std::string_view category_id);

// The category id of a menu_payload(), or an empty view for any other payload.
std::string_view menu_id_of_payload(std::string_view payload);

}  // namespace madoguchi::bot
