// Messenger and Instagram: the Send API, sender actions and the Handover Protocol.
#pragma once

#include "madoguchi/webhook/delivery.hpp"
#include "madoguchi/webhook/http_client.hpp"
#include "madoguchi/webhook/messenger_options.hpp"

#include <cstdint>

namespace madoguchi::webhook {

// The inboxes of Meta Business Suite, as apps: the target of a hand-over's pass_thread_control
// (Conversation Routing: developers.facebook.com/documentation/business-messaging/
// messenger-platform/conversation-routing).
inline constexpr std::int64_t page_inbox_app_id = 263902037430900;
inline constexpr std::int64_t instagram_inbox_app_id = 1217981644879628;

class meta_delivery final : public delivery {
 public:
  // `client` must outlive this; `pseudonym_key` keys the recipient pseudonyms in logs.
  meta_delivery(const messenger_options& options, http_client& client, std::string pseudonym_key)
      : options_(options), client_(client), pseudonym_key_(std::move(pseudonym_key)) {}

  boost::asio::awaitable<bool> acknowledge(const std::string& tenant,
                                           const channel_event& event) override;
  std::vector<store::outbox_message> plan(const std::string& tenant, const channel_event& event,
                                          const bot::turn& t) const override;
  boost::asio::awaitable<send_attempt> send(const store::outbox_message& m) override;

 private:
  // POSTs `body` to {graph_api_base}/me/{edge} for the Page or account `account_id`.
  boost::asio::awaitable<send_attempt> call(const std::string& tenant, const std::string& platform,
                                            const std::string& account_id,
                                            const std::string& recipient, std::string_view edge,
                                            std::string body);

  const messenger_options& options_;
  http_client& client_;
  std::string pseudonym_key_;
};

}  // namespace madoguchi::webhook
