// File: reply.hpp
//
// A platform-neutral reply. Each platform adapter in webhook/ renders it within its own limits
// (text length, number and length of buttons and quick replies).
#pragma once

#include <string>
#include <vector>

namespace madoguchi::bot {

struct link_button {
  std::string title;  // e.g. 申し込みページ
  std::string url;
  bool operator==(const link_button&) const = default;
};

struct quick_reply {
  std::string title;    // shown on the chip; adapters shorten it to the platform's limit
  std::string payload;  // comes back in the next inbound message when tapped
  bool operator==(const quick_reply&) const = default;
};

struct reply {
  std::string text;
  std::vector<link_button> links;
  std::vector<quick_reply> quick_replies;
  bool operator==(const reply&) const = default;
};

// Payload of a quick reply or button that asks for one entry's answer: "entry:<id>".
std::string entry_payload(std::string_view entry_id);

// The entry id of an entry_payload(), or an empty view for any other payload.
std::string_view entry_id_of_payload(std::string_view payload);

}  // namespace madoguchi::bot
