// Messenger and Instagram Send API bodies for a neutral reply.
#include "madoguchi/webhook/messenger_render.hpp"

#include "madoguchi/webhook/messenger_event.hpp"

#include "../render_rules.hpp"
#include "madoguchi/webhook/text_limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <optional>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

struct length_limit {
  std::size_t length;
  text_unit unit;
};

// Messenger counts the characters of a message's text, Instagram its UTF-8 bytes.
length_limit message_text_limit(meta_platform platform) {
  return platform == meta_platform::instagram ? length_limit{1000, text_unit::utf8_bytes}
                                              : length_limit{2000, text_unit::characters};
}

constexpr std::size_t button_text_limit = 640;
constexpr std::size_t max_buttons = 3;
constexpr std::size_t button_title_limit = 20;
constexpr std::size_t max_elements = 10;
constexpr std::size_t element_title_limit = 80;
constexpr std::size_t element_subtitle_limit = 80;
constexpr std::size_t max_element_links = max_buttons - 1;  // after the 詳しく見る postback
constexpr std::size_t payload_limit = 1000;
constexpr std::size_t max_quick_replies = 13;
constexpr std::size_t quick_reply_title_limit = 20;
// Instagram shows a long answer as a wall of messages in a small window: at most this many per
// reply, the last text cut short with a pointer to the links that follow (or a note without).
constexpr std::size_t instagram_max_messages = 3;
constexpr std::string_view continued_in_links = "…\n（続きは次のリンク先でご覧いただけます）";
constexpr std::string_view cut_short = "…\n（長いため、ここまでをお送りしました）";

json envelope(std::string_view recipient_id, json message) {
  return {{"recipient", messenger_recipient(recipient_id)},
          {"messaging_type", "RESPONSE"},
          {"message", std::move(message)}};
}

json template_message(json payload) {
  return {{"attachment", {{"type", "template"}, {"payload", std::move(payload)}}}};
}

json web_url_button(const bot::link_button& link) {
  return {
      {"type", "web_url"}, {"url", link.url}, {"title", button_label(link, button_title_limit)}};
}

json button_template(std::string_view text, const std::vector<bot::link_button>& links) {
  json buttons = json::array();
  for (const bot::link_button& link : links) {
    buttons.push_back(web_url_button(link));
  }
  return template_message(
      {{"template_type", "button"}, {"text", text}, {"buttons", std::move(buttons)}});
}

// The text messages, or a single button template when the text fits in one; at most
// `max_messages` with the links' button template.
std::vector<json> text_messages(const bot::reply& reply, length_limit limit,
                                std::size_t max_messages) {
  const link_placement links = place_links(reply.links, max_buttons);
  const std::string text = reply.text + link_lines(links.in_text, reply.text);
  if (!links.buttons.empty() && !text.empty() && count_characters(text) <= button_text_limit) {
    return {button_template(text, links.buttons)};
  }
  std::vector<std::string> pieces = split_text(text, limit.length, limit.unit);
  const std::size_t button_messages = links.buttons.empty() ? 0 : 1;
  const std::size_t max_pieces =
      max_messages > button_messages ? max_messages - button_messages : 1;
  // The cut text ends with the note and the links that are not buttons: no link is lost.
  const std::string tail = std::string(links.buttons.empty() ? cut_short : continued_in_links) +
                           link_lines(links.in_text, "…");
  // (Unless the links alone would leave too little of the text: then nothing is cut.)
  if (pieces.size() > max_pieces && text_length(tail, limit.unit) <= limit.length * 4 / 5) {
    pieces = split_text(reply.text, limit.length, limit.unit);
    pieces.resize(std::min(pieces.size(), max_pieces));
    std::string kept =
        shorten(pieces.back(), limit.length - text_length(tail, limit.unit), limit.unit);
    if (kept != pieces.back()) {
      kept.resize(kept.size() - std::string_view("…").size());  // the tail begins with its own
    }
    while (kept.ends_with('\n')) {
      kept.pop_back();
    }
    pieces.back() = kept + tail;
  }
  std::vector<json> messages;
  for (std::string& piece : pieces) {
    messages.push_back({{"text", std::move(piece)}});
  }
  if (!links.buttons.empty()) {
    messages.push_back(button_template(links_heading, links.buttons));
  }
  return messages;
}

// A carousel element, or nothing for a card without a title or with nothing but a title: the
// Send API refuses both.
std::optional<json> element(const bot::card& card) {
  if (card.title.empty()) {
    return std::nullopt;
  }
  json buttons = json::array();
  if (fits_payload(card.payload, payload_limit)) {
    buttons.push_back({{"type", "postback"}, {"title", details_label}, {"payload", card.payload}});
  }
  for (const bot::link_button& link : web_links(card.links, max_element_links)) {
    buttons.push_back(web_url_button(link));
  }
  if (card.subtitle.empty() && buttons.empty()) {
    return std::nullopt;
  }
  json shown = {{"title", shorten(card.title, element_title_limit)}};
  if (!card.subtitle.empty()) {
    shown["subtitle"] = shorten(card.subtitle, element_subtitle_limit);
  }
  if (!buttons.empty()) {
    shown["buttons"] = std::move(buttons);
  }
  return shown;
}

// A generic template of the first cards that make an element; cards beyond 10 are dropped.
std::optional<json> carousel(const std::vector<bot::card>& cards) {
  json elements = json::array();
  for (const bot::card& card : cards) {
    if (elements.size() == max_elements) {
      break;
    }
    if (std::optional<json> shown = element(card)) {
      elements.push_back(std::move(*shown));
    }
  }
  if (elements.empty()) {
    return std::nullopt;
  }
  return template_message({{"template_type", "generic"}, {"elements", std::move(elements)}});
}

json quick_reply_items(const std::vector<bot::quick_reply>& chips) {
  json items = json::array();
  for (const bot::quick_reply& chip : chips) {
    items.push_back({{"content_type", "text"},
                     {"title", shorten(chip.title, quick_reply_title_limit)},
                     {"payload", chip.payload}});
  }
  return items;
}

}  // namespace

json messenger_recipient(std::string_view person_id) {
  if (person_id.starts_with(user_ref_prefix)) {
    return {{"user_ref", person_id.substr(user_ref_prefix.size())}};
  }
  return {{"id", person_id}};
}

std::vector<std::string> render_messenger_reply(const bot::reply& reply,
                                                std::string_view recipient_id,
                                                meta_platform platform) {
  std::optional<json> cards = carousel(reply.cards);
  const std::size_t max_text_messages =
      platform == meta_platform::instagram
          ? std::max<std::size_t>(1, instagram_max_messages - (cards ? 1 : 0))
          : std::numeric_limits<std::size_t>::max();
  std::vector<json> messages =
      text_messages(reply, message_text_limit(platform), max_text_messages);
  if (cards) {
    messages.push_back(std::move(*cards));
  }
  if (messages.empty()) {
    return {};
  }
  const std::vector<bot::quick_reply> chips =
      usable_quick_replies(reply.quick_replies, max_quick_replies, payload_limit);
  if (!chips.empty()) {
    messages.back()["quick_replies"] = quick_reply_items(chips);
  }

  std::vector<std::string> bodies;
  for (json& message : messages) {
    message["metadata"] = own_message_metadata;  // so that its echo is not taken for staff
    bodies.push_back(envelope(recipient_id, std::move(message))
                         .dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return bodies;
}

}  // namespace madoguchi::webhook
