// File: messenger_profile.hpp
//
// The body of a Messenger Profile API request (platforms.md §1.10): the Page's Get Started
// button, its greeting and its persistent menu, all built from the bot's own menu (bot/menu.hpp)
// so that every item posts back a payload the bot understands.
//
//   POST {graph_api_base}/me/messenger_profile?access_token=<page token>
//
// Pure: no I/O. `madoguchi messenger-profile` sends it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace madoguchi::webhook {

// Meta's greeting limit is not verified (platforms.md §1.10); 160 characters is the limit older
// versions of the Messenger Profile API documented, so the greeting is kept within it.
inline constexpr std::size_t greeting_limit = 160;

// Meta's limit for the title of a persistent menu item.
inline constexpr std::size_t menu_title_limit = 30;

// Meta accepts up to 20 call_to_actions in a (flat) persistent menu.
inline constexpr std::size_t menu_item_limit = 20;

// The Messenger Profile API body (JSON text):
//   {"get_started":{"payload":"get_started"},
//    "greeting":[{"locale":"default","text":…},{"locale":"ja_JP","text":…}],
//    "persistent_menu":[{"locale":"default","composer_input_disabled":false,
//                        "call_to_actions":[{"type":"postback","title":…,"payload":…},…]}]}
// One postback per menu category, in menu order; the talk-to-staff category posts back the
// hand-over entry's payload. `indent` < 0: compact; otherwise pretty-printed with that indent.
std::string messenger_profile_body(int indent = -1);

// `text` if it has at most `limit` characters; otherwise cut after the last sentence end (。！？
// or a newline) that keeps at least a third of the limit, or else shortened with "…".
std::string fit_greeting(std::string_view text, std::size_t limit = greeting_limit);

}  // namespace madoguchi::webhook
