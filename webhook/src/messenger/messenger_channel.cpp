// The Messenger / Instagram webhook endpoint: handshake, signature, journal, 200.
#include "madoguchi/webhook/messenger_channel.hpp"

#include "../intake.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/signature.hpp"
#include "madoguchi/webhook/signature_refusal.hpp"
#include "messenger_endpoint.hpp"

namespace madoguchi::webhook {

messenger_channel::messenger_channel(messenger_options options, journal_writer& journal,
                                     reply_pipeline& pipeline)
    : options_(std::move(options)), journal_(journal), pipeline_(pipeline) {}

void messenger_channel::add_routes(router& routes) const {
  routes.add(http::verb::get, "/webhook/messenger",
             [this](request req) { return verify(std::move(req)); });
  routes.add(http::verb::post, "/webhook/messenger",
             [this](request req) { return receive(std::move(req)); });
  routes.add(http::verb::post, "/webhook/messenger/data-deletion",
             [this](request req) { return delete_data(std::move(req)); });
  routes.add(http::verb::get, "/webhook/messenger/data-deletion",
             [this](request req) { return deletion_status(std::move(req)); });
}

net::awaitable<response> messenger_channel::verify(request req) const {
  if (!options_.configured()) {
    co_return text_response(req, http::status::service_unavailable, messenger_not_configured);
  }
  const std::string mode = query_parameter(req.target(), "hub.mode");
  const std::string token = query_parameter(req.target(), "hub.verify_token");
  if (mode != "subscribe" || !constant_time_equals(token, options_.verify_token)) {
    telemetry::log_warn("webhook_verification_refused", {{"platform", "messenger"}});
    co_return text_response(req, http::status::forbidden, "verification failed\n");
  }
  telemetry::log_info("webhook_verified", {{"platform", "messenger"}});
  co_return text_response(req, http::status::ok, query_parameter(req.target(), "hub.challenge"));
}

net::awaitable<response> messenger_channel::receive(request req) const {
  if (!options_.configured()) {
    co_return text_response(req, http::status::service_unavailable, messenger_not_configured);
  }
  if (auto refused = refuse_unless_signed(
          req, check_meta_signature(options_.app_secret, req["X-Hub-Signature-256"], req.body()),
          {{"platform", "messenger"}})) {
    co_return std::move(*refused);
  }

  const auto events = parse_messenger_events(req.body(), options_.app_id);
  if (!events) {
    telemetry::log_warn("webhook_body_rejected", {{"reason", events.error().message()}});
    co_return text_response(req, http::status::bad_request, "unsupported webhook body\n");
  }

  std::vector<store::inbound_event> records;
  for (const channel_event& event : *events) {
    if (!needs_handling(event.type)) {
      continue;  // own echoes, receipts: nothing to answer or learn
    }
    const messenger_account* account = options_.find_account(event.platform, event.account_id);
    if (account == nullptr) {
      telemetry::log_warn("webhook_unknown_account",
                          {{"platform", event.platform}, {"account_id", event.account_id}});
      continue;
    }
    records.push_back(
        {event.platform, event_key(event), account->tenant, encode_for_journal(event)});
  }
  co_return co_await journal_and_acknowledge(req, journal_, pipeline_, std::move(records),
                                             "EVENT_RECEIVED");
}

}  // namespace madoguchi::webhook
