// The Messenger Profile API body: Get Started, greeting and persistent menu from the bot's menu.
#include "madoguchi/webhook/messenger_profile.hpp"

#include "madoguchi/bot/menu.hpp"
#include "madoguchi/webhook/text_limits.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

// Byte offset just after the first `characters` code points of `text` (or its size).
std::size_t offset_after(std::string_view text, std::size_t characters) {
  std::size_t offset = 0;
  while (offset < text.size() && characters > 0) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
    --characters;
  }
  return offset;
}

}  // namespace

std::string fit_greeting(std::string_view text, std::size_t limit) {
  if (count_characters(text) <= limit) {
    return std::string(text);
  }
  const std::string_view head = text.substr(0, offset_after(text, limit));
  const std::size_t at_least = offset_after(text, limit / 3);
  std::size_t cut = std::string_view::npos;
  for (const std::string_view end :
       std::array<std::string_view, 6>{"。", "！", "？", "!", "?", "\n"}) {
    const std::size_t at = head.rfind(end);
    if (at != std::string_view::npos && at >= at_least &&
        (cut == std::string_view::npos || at + end.size() > cut)) {
      cut = at + end.size();
    }
  }
  if (cut == std::string_view::npos) {
    return shorten(text, limit);
  }
  std::string fitted(head.substr(0, cut));
  while (!fitted.empty() && fitted.back() == '\n') {
    fitted.pop_back();
  }
  return fitted;
}

std::string messenger_profile_body(int indent) {
  const std::string greeting = fit_greeting(bot::greeting_text());
  json actions = json::array();
  // The menu's own chips carry the payloads the bot answers (menu:<id>, or the hand-over entry).
  for (const bot::quick_reply& item : bot::menu_quick_replies()) {
    if (actions.size() == menu_item_limit) {
      break;
    }
    actions.push_back({{"type", "postback"},
                       {"title", shorten(item.title, menu_title_limit)},
                       {"payload", item.payload}});
  }
  const json body = {
      {"get_started", {{"payload", std::string(bot::get_started_payload)}}},
      {"greeting", json::array({{{"locale", "default"}, {"text", greeting}},
                                {{"locale", "ja_JP"}, {"text", greeting}}})},
      {"persistent_menu", json::array({{{"locale", "default"},
                                        {"composer_input_disabled", false},
                                        {"call_to_actions", actions}}})},
  };
  return body.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace madoguchi::webhook
