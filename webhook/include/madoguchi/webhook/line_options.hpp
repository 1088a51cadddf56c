// File: line_options.hpp
//
// What the LINE channel needs to know: the Messaging API base URL and each tenant's channel
// secret (signs webhooks) and channel access token (authorises replies).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::webhook {

struct line_account {
  std::string tenant;
  std::string channel_secret;  // empty: the tenant's LINE webhook answers 503
  std::string access_token;    // empty: replies are logged, not sent
  std::string basic_id;        // "@123abcde": the add-friend link given in a group; may be empty
};

struct line_options {
  std::string api_base = "https://api.line.me";
  std::vector<line_account> accounts;

  const line_account* find_account(std::string_view tenant) const {
    for (const line_account& a : accounts) {
      if (a.tenant == tenant) {
        return &a;
      }
    }
    return nullptr;
  }
};

}  // namespace madoguchi::webhook
