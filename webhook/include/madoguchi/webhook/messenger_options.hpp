// File: messenger_options.hpp
//
// What the Messenger / Instagram channel needs to know: the Meta app's secrets, the Graph API
// base URL, and which Page or Instagram account belongs to which tenant.
#pragma once

#include <string>
#include <vector>

namespace madoguchi::webhook {

struct messenger_account {
  std::string tenant;
  std::string page_id;               // Facebook Page id (object "page")
  std::string instagram_account_id;  // Instagram professional account id (object "instagram")
  std::string page_token;            // empty: replies are logged, not sent
};

struct messenger_options {
  std::string app_secret;    // signs every webhook POST
  std::string verify_token;  // answers the subscription handshake
  std::string graph_api_base = "https://graph.facebook.com/v21.0";
  // The Meta app's id: with it, echoes of madoguchi's own messages are told from staff's even
  // when Meta drops the metadata. Optional.
  std::string app_id;
  std::vector<messenger_account> accounts;

  // Without both secrets the endpoint cannot authenticate anything and answers 503.
  bool configured() const { return !app_secret.empty() && !verify_token.empty(); }

  // The account messaged through `account_id` on `platform` ("messenger" or "instagram").
  const messenger_account* find_account(std::string_view platform,
                                        std::string_view account_id) const {
    for (const messenger_account& a : accounts) {
      const std::string& id = platform == "instagram" ? a.instagram_account_id : a.page_id;
      if (!id.empty() && id == account_id) {
        return &a;
      }
    }
    return nullptr;
  }
};

}  // namespace madoguchi::webhook
