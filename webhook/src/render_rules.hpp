// The rules every platform's renderer applies the same way to a neutral reply: which links become
// buttons and where the others go, which quick replies can be shown, and the wording of
// the buttons a renderer adds itself.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// The label of a card's button asking for the entry's whole answer.
inline constexpr std::string_view details_label = "詳しく見る";

// The text of a buttons template that carries the links when the answer is too long for it.
inline constexpr std::string_view links_heading = "関連リンクはこちらです。";

struct link_placement {
  std::vector<bot::link_button> buttons;  // the first links, at most the platform's button count
  std::vector<bot::link_button> in_text;  // the others, to be written into the text
};

// Only http(s) links are placed: a javascript: or data: link must never reach a person. Links
// beyond `max_buttons` go into the text, so that none is lost.
link_placement place_links(const std::vector<bot::link_button>& links, std::size_t max_buttons);

// The http(s) links of `links`, at most `max_count` (a card's buttons: there is no text to take
// the others).
std::vector<bot::link_button> web_links(const std::vector<bot::link_button>& links,
                                        std::size_t max_count);

// `links` as "title: url" lines to append to `text`: each on a line of its own, so the first
// follows a newline unless `text` is empty. Empty when there are no links.
std::string link_lines(const std::vector<bot::link_button>& links, std::string_view text);

// The label of a link's button, shortened to `limit` characters; the URL when the link has no
// title, since every platform refuses an empty label.
std::string button_label(const bot::link_button& link, std::size_t limit);

// Whether `payload` can travel in a postback: not empty and at most `limit` characters. A
// payload is never shortened, since a cut payload would not name its entry any more.
bool fits_payload(std::string_view payload, std::size_t limit);

// The quick replies a platform can show, in order and at most `max_count`: those with a title and
// a payload that fits `payload_limit`.
std::vector<bot::quick_reply> usable_quick_replies(const std::vector<bot::quick_reply>& chips,
                                                   std::size_t max_count,
                                                   std::size_t payload_limit);

}  // namespace madoguchi::webhook
