// Journaled event -> decision -> platform bodies -> Send API -> journal outcome.
#include "madoguchi/webhook/reply_pipeline.hpp"

#include "../log_completion.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/messenger_render.hpp"
#include "madoguchi/webhook/offload.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

#include <chrono>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;

// The Graph API error message of a failed call, if the body has one (it never contains the token).
std::string graph_error(std::string_view body) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (document.is_object() && document.contains("error") && document["error"].is_object()) {
    const auto& error = document["error"];
    return error.value("message", std::string{}) + " (code " +
           std::to_string(error.value("code", 0)) + ")";
  }
  return {};
}

}  // namespace

struct reply_pipeline::impl {
  pipeline_executors executors;
  store::database& db;
  const knowledge::index_holder& knowledge;
  bot::responder_options responder;
  messenger_options messenger;
  http_client client;
  std::string pseudonym_key;

  // Sends the bodies in order with the tenant's page token; stops at the first failure.
  // Returns the journal outcome.
  net::awaitable<std::string> send(const std::string& tenant, const messenger_event& event,
                                   const std::vector<std::string>& bodies) {
    const messenger_account* account = messenger.find_account(event.platform, event.account_id);
    const std::string sender = pseudonymize(pseudonym_key, event.platform, event.sender_id);
    if (account == nullptr || account->page_token.empty()) {
      // Logged, not sent: the tenant has no page token yet (a first set-up, or a test).
      for (const std::string& body : bodies) {
        telemetry::log_info("reply_not_sent_no_token",
                            {{"tenant", tenant},
                             {"recipient", sender},
                             {"message", nlohmann::json::parse(body)["message"]}});
      }
      co_return "logged";
    }
    boost::urls::url url(messenger.graph_api_base);
    url.set_path(url.path() + "/me/messages");
    url.params().set("access_token", account->page_token);
    for (const std::string& body : bodies) {
      const auto result = co_await client.post_json(url, body);
      if (!result) {
        telemetry::log_error(
            "send_failed",
            {{"tenant", tenant}, {"recipient", sender}, {"error", result.error().message()}});
        co_return "send_failed";
      }
      if (result->status / 100 != 2) {
        telemetry::log_error("send_rejected", {{"tenant", tenant},
                                               {"recipient", sender},
                                               {"status", result->status},
                                               {"error", graph_error(result->body)}});
        co_return "send_rejected";
      }
    }
    co_return "replied";
  }
};

reply_pipeline::reply_pipeline(const pipeline_executors& executors, store::database& db,
                               const knowledge::index_holder& knowledge,
                               bot::responder_options responder, messenger_options messenger,
                               const client_options& client, std::string pseudonym_key)
    : impl_(new impl{executors, db, knowledge, responder, std::move(messenger),
                     http_client(executors.delivery, client), std::move(pseudonym_key)}) {}

reply_pipeline::~reply_pipeline() = default;

void reply_pipeline::submit(std::vector<store::journaled_event> events) {
  for (store::journaled_event& record : events) {
    net::co_spawn(impl_->executors.delivery, handle(std::move(record)),
                  log_exception{"reply_failed"});
  }
}

net::awaitable<std::size_t> reply_pipeline::replay_pending() {
  store::journal& journal = impl_->db.inbound();
  auto pending =
      co_await run_on(impl_->executors.storage, [&journal] { return journal.pending(); });
  const std::size_t count = pending.size();
  submit(std::move(pending));
  co_return count;
}

net::awaitable<void> reply_pipeline::handle(store::journaled_event record) {
  const auto started = std::chrono::steady_clock::now();
  const auto event = decode_from_journal(record.event.payload);
  std::string outcome = "undecodable";
  if (event) {
    const bot::message message{event->text, event->payload,
                               event->type == messenger_event::kind::attachment};
    const auto snapshot = impl_->knowledge.current();
    const std::string& tenant = record.event.tenant;
    const bot::responder_options& options = impl_->responder;
    const bot::decision decision = co_await run_on(
        impl_->executors.compute, [&] { return bot::decide(*snapshot, tenant, message, options); });
    const auto bodies = render_messenger_reply(decision.message, event->sender_id);
    outcome = co_await impl_->send(tenant, *event, bodies);
    telemetry::log_info(
        "message_handled",
        {{"platform", event->platform},
         {"tenant", tenant},
         {"sender", pseudonymize(impl_->pseudonym_key, event->platform, event->sender_id)},
         {"decision", bot::to_string(decision.chosen)},
         {"entry", decision.entry_id},
         {"confidence", decision.confidence},
         {"outcome", outcome},
         {"ms",
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count()}});
  }
  store::journal& journal = impl_->db.inbound();
  const std::int64_t id = record.id;
  co_await run_on(impl_->executors.storage,
                  [&journal, id, &outcome] { journal.complete(id, outcome); });
}

}  // namespace madoguchi::webhook
