// Wait for room, journal, submit, acknowledge.
#include "intake.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/telemetry/server_metrics.hpp"

namespace madoguchi::webhook {
namespace {

constexpr std::string_view redelivered = "duplicate";  // the metric's reason label

}  // namespace

net::awaitable<response> journal_and_acknowledge(const request& req, journal_writer& journal,
                                                 reply_pipeline& pipeline,
                                                 std::vector<store::inbound_event> records,
                                                 std::string_view ok_body) {
  if (records.empty()) {
    co_return text_response(req, http::status::ok, ok_body);
  }
  co_await pipeline.wait_for_room();
  const auto appended = co_await journal.append(records);
  if (!appended) {
    // Not durable, so not acknowledged: the platform retries later.
    telemetry::log_error("journal_write_failed", {{"error", appended.error().message()}});
    pipeline.answer_safety_without_storage(std::move(records));
    co_return text_response(req, http::status::service_unavailable,
                            "temporarily unavailable, retry later\n");
  }
  std::vector<store::journaled_event> fresh;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (const auto id = (*appended)[i]) {
      fresh.push_back({*id, std::move(records[i])});
    } else {
      telemetry::metrics().events_dropped.with({redelivered}).inc();
    }
  }
  pipeline.submit(std::move(fresh));
  co_return text_response(req, http::status::ok, ok_body);
}

}  // namespace madoguchi::webhook
