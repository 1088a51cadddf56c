// Sending outbox messages with retries, backoff and circuit breakers.
#include "outbox_relay.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/telemetry/server_metrics.hpp"
#include "madoguchi/webhook/offload.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

namespace madoguchi::webhook {

namespace net = boost::asio;

namespace {

// Without the outbox a message cannot wait long: a few quick retries, then the platform's own
// redelivery of the event (it got 503) is the retry.
constexpr int undurable_attempts = 3;

// The breaker's metric label: one upstream serves Messenger and Instagram.
std::string_view upstream_of(std::string_view platform) {
  return platform == "line" ? "line" : "meta";
}

}  // namespace

std::int64_t epoch_milliseconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string turn_outcome(const std::vector<std::string>& outcomes) {
  std::string outcome = "replied";
  for (const std::string& o : outcomes) {
    if (o == "undeliverable") {
      return o;
    }
    if (o != "refused_harmlessly") {
      outcome = o;
    }
  }
  return outcome;
}

outbox_relay::outbox_relay(const pipeline_executors& executors, store::database& db,
                           write_batcher& writes, platform_deliveries deliveries,
                           const retry_options& options, std::string pseudonym_key)
    : executors_(executors),
      db_(db),
      writes_(writes),
      deliveries_(deliveries),
      options_(options),
      pseudonym_key_(std::move(pseudonym_key)),
      meta_breakers_(options),
      line_breakers_(options) {}

net::awaitable<std::string> outbox_relay::finish_turn(std::int64_t journal_id,
                                                      std::vector<store::outbox_message> messages) {
  std::vector<std::string> outcomes;
  store::outbox& outbox = db_.outbox();
  store::journal& journal = db_.inbound();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const store::outbox_message& m = messages[i];
    const delivery_result result = co_await send_until_done(messages[i], true);
    if (result.dead) {
      log_dead_letter(m, result.reason);
    }
    outcomes.push_back(result.dead ? "undeliverable" : result.outcome);
    const bool last = i + 1 == messages.size();
    const std::string turn = turn_outcome(outcomes);
    // Lost only to a power loss, which has the message sent again.
    co_await writes_.write(
        [&] {
          if (result.dead) {
            outbox.give_up(m.id, result.reason);
          } else {
            outbox.mark_sent(m.id, result.outcome);
          }
          if (last) {
            journal.record_delivery(journal_id, turn);
          }
        },
        store::durability::process_crash);
  }
  co_return turn_outcome(outcomes);
}

net::awaitable<void> outbox_relay::send_without_storage(
    std::vector<store::outbox_message> messages) {
  for (store::outbox_message& m : messages) {
    const delivery_result result = co_await send_until_done(m, false);
    if (result.dead) {
      log_dead_letter(m, result.reason);
      co_return;
    }
  }
}

// Attempts `m` until the platform accepts it, refuses it for good, or the give-up deadline
// passes; between attempts waits the backoff (or the breaker's cool-down). Every failed
// attempt is recorded in the outbox before the next, so a restart resumes where this left off.
net::awaitable<outbox_relay::delivery_result> outbox_relay::send_until_done(
    store::outbox_message& m, bool durable) {
  store::outbox& outbox = db_.outbox();
  circuit_breaker& breaker = breakers_for(m.platform).answers;
  net::steady_timer timer(executors_.delivery);
  std::string last_error = "never attempted";
  if (m.next_attempt_ms > epoch_milliseconds()) {  // resumed after a restart while backing off
    timer.expires_after(std::chrono::milliseconds(m.next_attempt_ms - epoch_milliseconds()));
    co_await timer.async_wait(net::use_awaitable);
  }
  for (;;) {
    const auto age = std::chrono::milliseconds(epoch_milliseconds() - m.created_ms);
    if (age > options_.give_up_after) {
      co_return delivery_result{true, {}, "expired, last error: " + last_error};
    }
    const auto now = std::chrono::steady_clock::now();
    const circuit_breaker::state before = breaker.current();
    if (!breaker.allow(now)) {
      timer.expires_at(breaker.retry_at(now));
      co_await timer.async_wait(net::use_awaitable);
      continue;
    }
    note_breaker(m.platform, before);  // the probe of a half-open breaker
    const send_attempt attempt = co_await deliveries_.of(m.platform).send(m);
    // The upstream answered, even if it refused: only a 5xx or a timeout is its failure.
    record_upstream(m.platform, attempt.result.upstream_failing);
    if (attempt.result.verdict == send_verdict::sent) {
      co_return delivery_result{false, attempt.outcome, {}};
    }
    if (attempt.result.verdict == send_verdict::give_up) {
      co_return delivery_result{true, {}, "rejected: " + attempt.error};
    }
    last_error = attempt.error;
    ++m.attempts;
    telemetry::metrics().delivery_retries.with({m.platform}).inc();
    const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
    const auto delay = next_delay(m.attempts, options_, unit, attempt.retry_after);
    m.next_attempt_ms = epoch_milliseconds() + delay.count();
    telemetry::log_warn("send_retry_scheduled",
                        {{"tenant", m.tenant},
                         {"recipient", pseudonymize(pseudonym_key_, m.platform, m.recipient)},
                         {"kind", m.kind},
                         {"attempt", m.attempts},
                         {"delay_ms", delay.count()},
                         {"breaker", to_string(breaker.current())},
                         {"error", attempt.error}});
    const std::int64_t id = m.id;
    const int attempts = m.attempts;
    const std::int64_t next = m.next_attempt_ms;
    if (durable) {
      co_await run_on(executors_.storage, [&outbox, id, attempts, next, &attempt] {
        outbox.reschedule(id, attempts, next, attempt.error);
      });
    } else if (m.attempts >= undurable_attempts) {
      co_return delivery_result{true, {}, "gave up without storage: " + attempt.error};
    }
    timer.expires_after(delay);
    co_await timer.async_wait(net::use_awaitable);
  }
}

net::awaitable<void> outbox_relay::acknowledge(const std::string& tenant,
                                               const channel_event& event) {
  upstream_breakers& breakers = breakers_for(event.platform);
  const circuit_breaker::state before = breakers.sender_actions.current();
  if (breakers.answers.current() != circuit_breaker::state::closed ||
      !breakers.sender_actions.allow(std::chrono::steady_clock::now())) {
    co_return;
  }
  note_sender_action_breaker(event.platform, before);  // the probe of a half-open breaker
  const bool failing = co_await deliveries_.of(event.platform).acknowledge(tenant, event);
  const circuit_breaker::state probed = breakers.sender_actions.current();
  if (failing) {
    breakers.sender_actions.record_failure(std::chrono::steady_clock::now());
  } else {
    breakers.sender_actions.record_success();
  }
  note_sender_action_breaker(event.platform, probed);
}

void outbox_relay::note_sender_action_breaker(std::string_view platform,
                                              circuit_breaker::state before) {
  const circuit_breaker::state now = breakers_for(platform).sender_actions.current();
  if (now != before) {
    telemetry::log_warn("sender_action_breaker_changed",
                        {{"upstream", upstream_of(platform)}, {"state", to_string(now)}});
  }
}

void outbox_relay::record_upstream(std::string_view platform, bool failing) {
  circuit_breaker& breaker = breakers_for(platform).answers;
  const circuit_breaker::state before = breaker.current();
  if (failing) {
    breaker.record_failure(std::chrono::steady_clock::now());
  } else {
    breaker.record_success();
  }
  note_breaker(platform, before);
}

void outbox_relay::note_breaker(std::string_view platform, circuit_breaker::state before) {
  const circuit_breaker::state now = breakers_for(platform).answers.current();
  telemetry::metrics()
      .breaker_open.with({upstream_of(platform)})
      .set(now == circuit_breaker::state::closed ? 0 : 1);
  if (now != before) {
    telemetry::log_warn("breaker_changed",
                        {{"upstream", upstream_of(platform)}, {"state", to_string(now)}});
  }
}

// A safety answer that could not be delivered is an operator's emergency (reliability.md O8).
void outbox_relay::log_dead_letter(const store::outbox_message& m,
                                   const std::string& reason) const {
  telemetry::log_error(m.critical ? "safety_reply_undeliverable" : "reply_undeliverable",
                       {{"tenant", m.tenant},
                        {"recipient", pseudonymize(pseudonym_key_, m.platform, m.recipient)},
                        {"kind", m.kind},
                        {"attempts", m.attempts},
                        {"reason", reason}});
}

}  // namespace madoguchi::webhook
