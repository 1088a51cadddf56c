// LINE message objects for a neutral reply.
#include "madoguchi/webhook/line_render.hpp"

#include "../render_rules.hpp"
#include "madoguchi/webhook/text_limits.hpp"

#include <optional>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

constexpr std::size_t max_messages = 5;
// LINE counts message text and altText in UTF-16 code units, so an emoji counts twice. Labels and
// template text are counted in grapheme clusters, which characters never undercount.
constexpr std::size_t text_limit = 5000;
constexpr std::size_t template_text_limit = 160;
constexpr std::size_t template_alt_text_limit = 400;
constexpr std::size_t max_actions = 4;
constexpr std::size_t label_limit = 20;
constexpr std::size_t max_bubbles = 12;
constexpr std::size_t bubble_title_limit = 80;
constexpr std::size_t bubble_subtitle_limit = 60;
constexpr std::size_t max_bubble_links = 2;
constexpr std::size_t flex_alt_text_limit = 1500;
// LINE refuses a carousel over 50 KB. Twelve bubbles of bounded fields stay far below it; only
// long URLs could come near, and the margin allows for LINE counting differently.
constexpr std::size_t carousel_bytes_limit = 40'000;
constexpr std::size_t postback_limit = 300;  // data and displayText
constexpr std::size_t max_quick_replies = 13;

json uri_action(const bot::link_button& link) {
  return {{"type", "uri"}, {"label", button_label(link, label_limit)}, {"uri", link.url}};
}

json postback_action(std::string_view label, std::string_view data, std::string_view display_text) {
  return {{"type", "postback"},
          {"label", shorten(label, label_limit)},
          {"data", data},
          {"displayText", shorten(display_text, postback_limit)}};
}

json buttons_template(std::string_view text, std::string_view alt_text,
                      const std::vector<bot::link_button>& links) {
  json actions = json::array();
  for (const bot::link_button& link : links) {
    actions.push_back(uri_action(link));
  }
  return {{"type", "template"},
          {"altText", shorten(alt_text, template_alt_text_limit, text_unit::utf16_units)},
          {"template", {{"type", "buttons"}, {"text", text}, {"actions", std::move(actions)}}}};
}

// `answer` followed by `link_text` in at most `max_pieces` pieces (at least 1). When more would be
// needed, the last piece is the rest of the answer cut to end with "…", then the link text, so
// that no link is lost.
std::vector<std::string> text_pieces(std::string_view answer, std::string_view link_text,
                                     std::size_t max_pieces) {
  const std::string text = std::string(answer) + std::string(link_text);
  std::vector<std::string> pieces = split_text(text, text_limit, text_unit::utf16_units);
  if (pieces.size() <= max_pieces) {
    return pieces;
  }
  pieces.resize(max_pieces - 1);
  std::size_t used = 0;
  for (const std::string& piece : pieces) {
    used += piece.size();
  }
  const std::size_t link_length = text_length(link_text, text_unit::utf16_units);
  if (used < answer.size() && link_length < text_limit) {
    pieces.push_back(
        shorten(answer.substr(used), text_limit - link_length, text_unit::utf16_units) +
        std::string(link_text));
  } else {
    pieces.push_back(
        shorten(std::string_view(text).substr(used), text_limit, text_unit::utf16_units));
  }
  return pieces;
}

// The text messages and the buttons template, at most `room` (at least 2) messages.
json text_messages(const bot::reply& reply, std::size_t room) {
  const link_placement links = place_links(reply.links, max_actions);
  const std::string link_text = link_lines(links.in_text, reply.text);
  const std::string text = reply.text + link_text;
  json messages = json::array();
  if (!links.buttons.empty() && !text.empty() && count_characters(text) <= template_text_limit) {
    messages.push_back(buttons_template(text, text, links.buttons));
    return messages;
  }
  const std::size_t text_room = links.buttons.empty() ? room : room - 1;
  for (std::string& piece : text_pieces(reply.text, link_text, text_room)) {
    messages.push_back({{"type", "text"}, {"text", std::move(piece)}});
  }
  if (!links.buttons.empty()) {
    messages.push_back(
        buttons_template(links_heading, text.empty() ? links_heading : text, links.buttons));
  }
  return messages;
}

json bubble(const bot::card& card) {
  json body = json::array();
  body.push_back({{"type", "text"},
                  {"text", shorten(card.title, bubble_title_limit)},
                  {"weight", "bold"},
                  {"wrap", true}});
  if (!card.subtitle.empty()) {
    body.push_back({{"type", "text"},
                    {"text", shorten(card.subtitle, bubble_subtitle_limit)},
                    {"size", "sm"},
                    {"wrap", true}});
  }
  json buttons = json::array();
  if (fits_payload(card.payload, postback_limit)) {
    buttons.push_back({{"type", "button"},
                       {"style", "primary"},
                       {"action", postback_action(details_label, card.payload, card.title)}});
  }
  for (const bot::link_button& link : web_links(card.links, max_bubble_links)) {
    buttons.push_back({{"type", "button"}, {"action", uri_action(link)}});
  }
  json shown = {{"type", "bubble"},
                {"body", {{"type", "box"}, {"layout", "vertical"}, {"contents", std::move(body)}}}};
  if (!buttons.empty()) {
    shown["footer"] = {{"type", "box"}, {"layout", "vertical"}, {"contents", std::move(buttons)}};
  }
  return shown;
}

// A flex carousel of the first cards with a title, or nothing when no card has one.
std::optional<json> flex_carousel(const std::vector<bot::card>& cards) {
  json contents = {{"type", "carousel"}, {"contents", json::array()}};
  json& bubbles = contents["contents"];
  std::vector<std::string_view> titles;
  for (const bot::card& card : cards) {
    if (bubbles.size() == max_bubbles) {
      break;
    }
    if (!card.title.empty()) {
      bubbles.push_back(bubble(card));
      titles.push_back(card.title);
    }
  }
  // LINE refuses an oversized carousel whole, so the last bubbles give way.
  while (!bubbles.empty() && contents.dump(-1, ' ', false, json::error_handler_t::replace).size() >
                                 carousel_bytes_limit) {
    bubbles.erase(bubbles.size() - 1);
    titles.pop_back();
  }
  if (bubbles.empty()) {
    return std::nullopt;
  }
  std::string alt_text;
  for (std::string_view title : titles) {
    alt_text += (alt_text.empty() ? "" : "\n") + std::string(title);
  }
  return json{{"type", "flex"},
              {"altText", shorten(alt_text, flex_alt_text_limit, text_unit::utf16_units)},
              {"contents", std::move(contents)}};
}

json quick_reply(const std::vector<bot::quick_reply>& chips) {
  json items = json::array();
  for (const bot::quick_reply& chip : chips) {
    items.push_back(
        {{"type", "action"}, {"action", postback_action(chip.title, chip.payload, chip.title)}});
  }
  return {{"items", std::move(items)}};
}

}  // namespace

json render_line_messages(const bot::reply& reply) {
  std::optional<json> carousel = flex_carousel(reply.cards);
  json messages = text_messages(reply, carousel ? max_messages - 1 : max_messages);
  if (carousel) {
    messages.push_back(std::move(*carousel));
  }
  const std::vector<bot::quick_reply> chips =
      usable_quick_replies(reply.quick_replies, max_quick_replies, postback_limit);
  if (!messages.empty() && !chips.empty()) {
    messages.back()["quickReply"] = quick_reply(chips);
  }
  return messages;
}

}  // namespace madoguchi::webhook
