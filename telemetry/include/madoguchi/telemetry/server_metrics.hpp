// File: server_metrics.hpp
//
// The metrics of `madoguchi serve`, registered once in the process-wide registry that
// GET /metrics exposes. Every family is there from the start (HELP and TYPE lines, and a zero
// for each label value listed below), so dashboards and alerts see 0 rather than no data.
//
// How the server's parts update them (include this header; mdg_telemetry is linked already):
//
//   // a reply decision was made; kind: bot::to_string(decision.route) —
//   // "answer", "clarify", "fallback", "safety" or "handoff"
//   telemetry::metrics().decisions.with({bot::to_string(route)}).inc();
//
//   // a delivery attempt failed and will be retried; platform: "messenger", "instagram", "line"
//   telemetry::metrics().delivery_retries.with({platform}).inc();
//
//   // a circuit breaker changed state; upstream: "meta" (Graph API) or "line" (Messaging API);
//   // 1 while open (calls refused), 0 when closed or half-open
//   telemetry::metrics().breaker_open.with({"line"}).set(open ? 1 : 0);
//
//   // the outbox's undelivered rows, after each change (or a periodic count); /readyz
//   // compares it with [readiness] outbox_backlog_limit
//   telemetry::metrics().outbox_depth.set(static_cast<double>(rows));
//
// `with` takes a mutex; on a hot path keep the returned reference (it lives for the process).
// journal_pending is set by the /metrics handler just before each scrape (app/serve.cpp);
// http_requests and http_request_duration by the router (webhook/src/server/router.cpp).
#pragma once

#include "madoguchi/telemetry/metrics.hpp"

namespace madoguchi::telemetry {

struct server_metrics {
  family<counter>& http_requests;            // madoguchi_http_requests_total{route,method,status}
  family<histogram>& http_request_duration;  // madoguchi_http_request_duration_seconds{route}
  family<counter>& decisions;                // madoguchi_decisions_total{kind}
  family<counter>& events_dropped;           // madoguchi_events_dropped_total{reason}
  gauge& journal_pending;                    // madoguchi_journal_pending
  gauge& outbox_depth;                       // madoguchi_outbox_depth
  family<counter>& delivery_retries;         // madoguchi_delivery_retries_total{platform}
  family<gauge>& breaker_open;               // madoguchi_breaker_open{upstream}
};

// The registry that GET /metrics exposes.
registry& process_registry();

// The server's families, registered in process_registry() on first use.
server_metrics& metrics();

}  // namespace madoguchi::telemetry
