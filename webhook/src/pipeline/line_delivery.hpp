// LINE: the reply API with the event's reply token, the push API when the token has expired,
// and the loading animation.
#pragma once

#include "delivery.hpp"
#include "madoguchi/webhook/http_client.hpp"
#include "madoguchi/webhook/line_options.hpp"

#include <nlohmann/json.hpp>

namespace madoguchi::webhook {

class line_delivery final : public delivery {
 public:
  // `client` must outlive this; `pseudonym_key` keys the recipient pseudonyms in logs.
  line_delivery(const line_options& options, http_client& client, std::string pseudonym_key)
      : options_(options), client_(client), pseudonym_key_(std::move(pseudonym_key)) {}

  boost::asio::awaitable<void> acknowledge(const std::string& tenant,
                                           const channel_event& event) override;
  boost::asio::awaitable<std::string> deliver(const std::string& tenant, const channel_event& event,
                                              const bot::turn& t) override;

 private:
  struct call_result {
    std::string outcome;  // "replied", "send_failed", "send_rejected"
    unsigned status = 0;
    std::string error;  // LINE's message
  };
  boost::asio::awaitable<call_result> call(const std::string& tenant, const channel_event& event,
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
