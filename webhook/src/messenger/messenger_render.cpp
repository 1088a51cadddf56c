// Messenger Send API bodies for a neutral reply.
#include "madoguchi/webhook/messenger_render.hpp"

#include "madoguchi/webhook/text_limits.hpp"

#include <nlohmann/json.hpp>

namespace madoguchi::webhook {
namespace {

using json = nlohmann::json;

constexpr std::size_t text_limit = 2000;
constexpr std::size_t button_text_limit = 640;
constexpr std::size_t max_buttons = 3;
constexpr std::size_t button_title_limit = 20;
constexpr std::size_t max_quick_replies = 13;
constexpr std::size_t quick_reply_title_limit = 20;
constexpr std::string_view links_heading = "関連リンクはこちらです。";

bool is_web_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

json envelope(std::string_view recipient_id, json message) {
  return {{"recipient", {{"id", recipient_id}}},
          {"messaging_type", "RESPONSE"},
          {"message", std::move(message)}};
}

json button_template(std::string_view text, const std::vector<bot::link_button>& links) {
  json buttons = json::array();
  for (const bot::link_button& link : links) {
    buttons.push_back({{"type", "web_url"},
                       {"url", link.url},
                       {"title", shorten(link.title, button_title_limit)}});
  }
  return {{"attachment",
           {{"type", "template"},
            {"payload",
             {{"template_type", "button"}, {"text", text}, {"buttons", std::move(buttons)}}}}}};
}

std::string link_lines(const std::vector<bot::link_button>& links) {
  std::string lines;
  for (const bot::link_button& link : links) {
    lines += "\n" + link.title + ": " + link.url;
  }
  return lines;
}

}  // namespace

std::vector<std::string> render_messenger_reply(const bot::reply& reply,
                                                std::string_view recipient_id) {
  std::vector<bot::link_button> buttons;
  std::vector<bot::link_button> extra_links;
  for (const bot::link_button& link : reply.links) {
    if (!is_web_url(link.url)) {
      continue;
    }
    (buttons.size() < max_buttons ? buttons : extra_links).push_back(link);
  }

  // Links beyond the three buttons are written into the text, so none is lost.
  const std::string text = reply.text + link_lines(extra_links);
  std::vector<json> messages;
  if (!buttons.empty() && count_characters(text) <= button_text_limit && !text.empty()) {
    messages.push_back(button_template(text, buttons));
  } else {
    for (std::string& piece : split_text(text, text_limit)) {
      messages.push_back({{"text", std::move(piece)}});
    }
    if (!buttons.empty()) {
      messages.push_back(button_template(links_heading, buttons));
    }
  }
  if (messages.empty()) {
    return {};
  }

  if (!reply.quick_replies.empty()) {
    json chips = json::array();
    for (std::size_t i = 0; i < reply.quick_replies.size() && i < max_quick_replies; ++i) {
      chips.push_back({{"content_type", "text"},
                       {"title", shorten(reply.quick_replies[i].title, quick_reply_title_limit)},
                       {"payload", reply.quick_replies[i].payload}});
    }
    messages.back()["quick_replies"] = std::move(chips);
  }

  std::vector<std::string> bodies;
  for (json& message : messages) {
    bodies.push_back(envelope(recipient_id, std::move(message))
                         .dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return bodies;
}

}  // namespace madoguchi::webhook
