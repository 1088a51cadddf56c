// The server's metric families and their known label values.
#include "madoguchi/telemetry/server_metrics.hpp"

namespace madoguchi::telemetry {
namespace {

// Creates the series of each known label value, so they read 0 before the first event.
template <class Metric>
family<Metric>& with_known(family<Metric>& created,
                           std::initializer_list<std::string_view> values) {
  for (std::string_view value : values) {
    created.with({value});
  }
  return created;
}

}  // namespace

registry& process_registry() {
  static registry instance;
  return instance;
}

server_metrics& metrics() {
  static server_metrics instance = [] {
    registry& r = process_registry();
    return server_metrics{
        .http_requests = r.add_counter("madoguchi_http_requests_total",
                                       "HTTP requests answered, by route pattern (\"unmatched\" "
                                       "when no route matched), method and status.",
                                       {"route", "method", "status"}),
        .http_request_duration =
            r.add_histogram("madoguchi_http_request_duration_seconds",
                            "Time from the parsed request to the response, by route pattern.",
                            {"route"}, latency_buckets),
        .decisions = with_known(
            r.add_counter("madoguchi_decisions_total", "Reply decisions made, by kind.", {"kind"}),
            {"answer", "clarify", "fallback", "safety", "handoff"}),
        .events_dropped = with_known(
            r.add_counter("madoguchi_events_dropped_total",
                          "Inbound events acknowledged but not answered, by reason: a redelivery "
                          "of an event already journaled, or a message past Meta's 24-hour "
                          "window.",
                          {"reason"}),
            {"duplicate", "outside_window"}),
        .journal_pending =
            r.add_gauge("madoguchi_journal_pending",
                        "Inbound events journaled (acknowledged) but not yet handled.")
                .with({}),
        .outbox_depth = r.add_gauge("madoguchi_outbox_depth",
                                    "Replies in the outbox not yet delivered or given up.")
                            .with({}),
        .delivery_retries = with_known(
            r.add_counter("madoguchi_delivery_retries_total",
                          "Reply deliveries retried after a failure, by platform.", {"platform"}),
            {"messenger", "instagram", "line"}),
        .breaker_open = with_known(
            r.add_gauge("madoguchi_breaker_open",
                        "1 while the circuit breaker of an upstream API is open, else 0.",
                        {"upstream"}),
            {"meta", "line"}),
    };
  }();
  return instance;
}

}  // namespace madoguchi::telemetry
