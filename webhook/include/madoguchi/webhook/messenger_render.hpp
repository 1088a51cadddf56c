// File: messenger_render.hpp
//
// Rendering a neutral bot::reply as Messenger Send API request bodies, within the documented
// limits (platforms.md §1.7): text 2000 characters, button template text 640 and 1–3 web_url
// buttons titled in 20 characters, at most 13 quick replies titled in 20 characters.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// The Send API bodies (JSON text) that deliver `reply` to `recipient_id`, in sending order; each
// has messaging_type RESPONSE. Links become a button template; links that are not http(s) are
// dropped; quick replies go on the last message.
std::vector<std::string> render_messenger_reply(const bot::reply& reply,
                                                std::string_view recipient_id);

}  // namespace madoguchi::webhook
