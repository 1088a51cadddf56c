// File: menu.hpp
//
// The category menu: what a citizen sees after Get Started (or adding the LINE account as a
// friend), as quick replies and as the Messenger persistent menu. A category is a search over the
// tenant's own entries, so it stays right for any imported knowledge base.
#pragma once

#include "madoguchi/bot/reply.hpp"

#include <span>
#include <string_view>

namespace madoguchi::bot {

struct menu_category {
  std::string_view id;     // menu_payload(id) asks for it
  std::string_view label;  // ≤ 20 characters: fits a chip and a menu item
  std::string_view query;  // ranked against the tenant's entries; empty: talk to staff
};

// Seminars, youth & SNS safety, disaster, small businesses, talk to staff — in menu order.
std::span<const menu_category> menu_categories();

// The category `id`, or null.
const menu_category* find_menu_category(std::string_view id);

// The greeting shown before the menu: says it is an automatic reply and what it can answer.
std::string_view greeting_text();

// The menu as quick replies (talk to staff is the entry_payload of the hand-over entry).
std::vector<quick_reply> menu_quick_replies();

}  // namespace madoguchi::bot
