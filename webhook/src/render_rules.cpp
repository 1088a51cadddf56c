// The rendering rules shared by the Messenger/Instagram and LINE renderers.
#include "render_rules.hpp"

#include "madoguchi/webhook/text_limits.hpp"

namespace madoguchi::webhook {
namespace {

bool is_web_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

}  // namespace

link_placement place_links(const std::vector<bot::link_button>& links, std::size_t max_buttons) {
  link_placement placed;
  for (const bot::link_button& link : links) {
    if (is_web_url(link.url)) {
      (placed.buttons.size() < max_buttons ? placed.buttons : placed.in_text).push_back(link);
    }
  }
  return placed;
}

std::vector<bot::link_button> web_links(const std::vector<bot::link_button>& links,
                                        std::size_t max_count) {
  return place_links(links, max_count).buttons;
}

std::string link_lines(const std::vector<bot::link_button>& links, std::string_view text) {
  std::string lines;
  bool first_line = text.empty();
  for (const bot::link_button& link : links) {
    lines += (first_line ? "" : "\n") + link.title + ": " + link.url;
    first_line = false;
  }
  return lines;
}

std::string button_label(const bot::link_button& link, std::size_t limit) {
  return shorten(link.title.empty() ? link.url : link.title, limit);
}

bool fits_payload(std::string_view payload, std::size_t limit) {
  return !payload.empty() && count_characters(payload) <= limit;
}

std::vector<bot::quick_reply> usable_quick_replies(const std::vector<bot::quick_reply>& chips,
                                                   std::size_t max_count,
                                                   std::size_t payload_limit) {
  std::vector<bot::quick_reply> usable;
  for (const bot::quick_reply& chip : chips) {
    if (usable.size() == max_count) {
      break;
    }
    if (!chip.title.empty() && fits_payload(chip.payload, payload_limit)) {
      usable.push_back(chip);
    }
  }
  return usable;
}

}  // namespace madoguchi::webhook
