// File: line_render.hpp
//
// Rendering a neutral bot::reply as LINE message objects for the reply and push APIs, within the
// documented limits (platforms.md §3 "Limits"): at most 5 messages per request; text messages of
// 5000 (LINE counts UTF-16 code units); a buttons template with text of 160 characters, altText
// of 400 and at most 4 actions labelled in 20; a flex carousel of at most 12 bubbles, well within
// 50 KB, with altText of 1500; at most 13 quick replies labelled in 20; postback data and
// displayText of 300.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <nlohmann/json.hpp>

namespace madoguchi::webhook {

// The `messages` array of a reply or push request that delivers `reply`: 1 to 5 message objects
// in sending order, or an empty array for a reply with no text, links or cards.
// - The text goes in text messages, split at natural breaks. When it needs more messages than are
//   left, the last one is cut and ends with "…", before the links written into the text.
// - Links go in a buttons template: its text is the reply's text when that fits, otherwise the
//   template follows the text messages. Links beyond 4 are written into the text as
//   "title: url" lines; links that are not http(s) are dropped.
// - The cards follow as one flex carousel (the first 12 with a title, fewer if they would make it
//   too large): each bubble has the title, the start of the subtitle, a "詳しく見る" postback with
//   the card's payload and up to 2 of the card's http(s) links; its altText lists the titles, one
//   a line.
// - The quick replies go on the last message (the first 13 with a title and a payload that fits).
// Strings are copied as they are: dump with json::error_handler_t::replace if the reply may hold
// invalid UTF-8.
nlohmann::json render_line_messages(const bot::reply& reply);

}  // namespace madoguchi::webhook
