// File: messenger_render.hpp
//
// Rendering a neutral bot::reply as Send API request bodies for Messenger and Instagram, within
// their documented limits (platforms.md §1.7 and §2 "Send"): message text 2000 characters on
// Messenger and 1000 UTF-8 bytes on Instagram; button template text 640 characters with 1–3
// web_url buttons; generic template (carousel) of at most 10 elements, titles and subtitles of 80
// characters and at most 3 buttons; button titles 20 characters, postback payloads 1000; at most
// 13 quick replies titled in 20 characters with payloads of at most 1000.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// The two platforms that share the Send API; they differ in how long a message's text may be.
enum class meta_platform { messenger, instagram };

// The Send API bodies (JSON text) that deliver `reply` to `recipient_id` on `platform`, in
// sending order; each has messaging_type RESPONSE and madoguchi's own metadata (so that its echo
// is recognised). Empty for a reply with no text, links or cards.
// - The text goes in text messages, split at natural breaks. With links it is the text of a button
//   template when it fits in one; otherwise the button template follows the text messages. Links
//   beyond 3 are written into the text; links that are not http(s) are dropped.
// - The cards follow as one carousel (the first 10 with a title): a "詳しく見る" postback with the
//   card's payload, then up to 2 of the card's http(s) links.
// - The quick replies go on the last message (the first 13 with a title and a payload that fits).
// - On Instagram a reply is at most 3 messages: a longer text is cut at the end of its last
//   message, which then says that the rest is in the links that follow (or that it was cut).
// Lengths are measured on valid UTF-8; invalid bytes in the reply are replaced with U+FFFD, so
// every body is valid JSON.
// The Send API's recipient for a person id as parse_messenger_events gives it: {"id": PSID}, or
// {"user_ref": …} for one known only by a user_ref.
nlohmann::json messenger_recipient(std::string_view person_id);

std::vector<std::string> render_messenger_reply(const bot::reply& reply,
                                                std::string_view recipient_id,
                                                meta_platform platform = meta_platform::messenger);

}  // namespace madoguchi::webhook
