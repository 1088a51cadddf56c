// LINE: the reply API with the event's reply token, the push API when the token has expired,
// and the loading animation.
#pragma once

#include "madoguchi/webhook/delivery.hpp"
#include "madoguchi/webhook/http_client.hpp"
#include "madoguchi/webhook/line_options.hpp"

#include <nlohmann/json.hpp>

namespace madoguchi::webhook {

class line_delivery final : public delivery {
 public:
  // `client` must outlive this; `pseudonym_key` keys the recipient pseudonyms in logs.
  line_delivery(const line_options& options, http_client& client, std::string pseudonym_key)
      : options_(options), client_(client), pseudonym_key_(std::move(pseudonym_key)) {}

  boost::asio::awaitable<bool> acknowledge(const std::string& tenant,
                                           const channel_event& event) override;
  std::vector<store::outbox_message> plan(const std::string& tenant, const channel_event& event,
                                          const bot::turn& t) const override;
  boost::asio::awaitable<send_attempt> send(const store::outbox_message& m) override;

 private:
  // POSTs `body` to {api_base}{path} with the tenant's channel access token.
  boost::asio::awaitable<send_attempt> call(const std::string& tenant, const std::string& recipient,
                                            std::string_view path, const nlohmann::json& body,
                                            const request_headers& extra);

  const line_options& options_;
  http_client& client_;
  std::string pseudonym_key_;
};

// X-Line-Retry-Key for pushing the reply to `event_key`: a UUID derived from it, so that a
// retried push (after a restart too) is executed at most once.
std::string line_retry_key(std::string_view event_key);

}  // namespace madoguchi::webhook
