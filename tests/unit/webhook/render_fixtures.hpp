// Replies the renderer tests give every platform: fixed ones for the golden files, and generated
// ones that push every limit at once.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

struct named_reply {
  std::string kind;  // the golden file is <platform>_<kind>.json
  bot::reply reply;
};

// One fixed reply per kind: text, long_text (3000+ characters), links, many_links (6 links and a
// javascript: one), quick_replies (15, long titles), carousel, carousel_many (14 cards with long
// titles and no text) and text_links_quick_replies_carousel (all of them, with 5000+ characters).
std::vector<named_reply> golden_replies();

// Several hundred replies combining text of 0 to 12000 characters (Japanese with 。 and newlines,
// emoji, and runs with no break at all) with 0 to 20 links, cards and quick replies, including
// long and empty titles, links that are not http(s) and payloads too long for a platform.
std::vector<bot::reply> generated_replies();

// `text`, `times` over.
std::string repeat(std::string_view text, std::size_t times);

// Links リンク1 … リンク<count> to https://example.jp/1 … /<count>.
std::vector<bot::link_button> numbered_links(int count);

// A card カード<i> with the subtitle 説明<i>, the payload entry:card-<i> and four links: apply/<i>,
// a tel: link (never a button), map/<i> and guide/<i> (one more than a card has room for).
bot::card numbered_card(int i);

}  // namespace madoguchi::webhook
