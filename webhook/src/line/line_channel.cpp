// The LINE webhook endpoint: tenant from the path, signature, journal, 200.
#include "madoguchi/webhook/line_channel.hpp"

#include "../intake.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/line_event.hpp"
#include "madoguchi/webhook/signature.hpp"
#include "madoguchi/webhook/signature_refusal.hpp"

namespace madoguchi::webhook {
namespace {

constexpr std::string_view path_prefix = "/webhook/line/";

}  // namespace

line_channel::line_channel(line_options options, journal_writer& journal, reply_pipeline& pipeline)
    : options_(std::move(options)), journal_(journal), pipeline_(pipeline) {}

void line_channel::add_routes(router& routes) const {
  routes.add_prefix(http::verb::post, std::string(path_prefix),
                    [this](request req) { return receive(std::move(req)); });
}

net::awaitable<response> line_channel::receive(request req) const {
  const std::string tenant(target_path(req.target()).substr(path_prefix.size()));
  const line_account* account = options_.find_account(tenant);
  if (account == nullptr) {
    co_return text_response(req, http::status::not_found,
                            "no LINE channel for this tenant: the webhook URL must be "
                            "/webhook/line/<tenant id> of a [[tenants]] entry\n");
  }
  if (account->channel_secret.empty()) {
    telemetry::log_warn("line_not_configured", {{"tenant", tenant}});
    co_return text_response(req, http::status::service_unavailable,
                            "LINE is not configured for this tenant: set "
                            "MADOGUCHI_LINE_CHANNEL_SECRET_<TENANT> and restart madoguchi.\n");
  }
  if (auto refused = refuse_unless_signed(
          req, check_line_signature(account->channel_secret, req["X-Line-Signature"], req.body()),
          {{"platform", "line"}, {"tenant", tenant}})) {
    co_return std::move(*refused);
  }

  const auto events = parse_line_events(req.body());
  if (!events) {
    telemetry::log_warn("webhook_body_rejected",
                        {{"platform", "line"}, {"reason", events.error().message()}});
    co_return text_response(req, http::status::bad_request, "unsupported webhook body\n");
  }
  std::vector<store::inbound_event> records;
  for (const channel_event& event : *events) {
    if (needs_handling(event.type) && !event.message_id.empty()) {
      records.push_back({"line", event.message_id, tenant, encode_for_journal(event)});
    }
  }
  co_return co_await journal_and_acknowledge(req, journal_, pipeline_, std::move(records), "OK");
}

}  // namespace madoguchi::webhook
