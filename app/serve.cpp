// `madoguchi serve`: wiring of the server, the channels and the reply pipeline.
//
// Threads: `threads` I/O threads run the io_context (Beast sessions, the delivery strand);
// one storage thread owns the database; a compute pool runs matching.
#include "serve.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/admin/routes.hpp"
#include "madoguchi/admin/scheduled_publishing.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/telemetry/readiness.hpp"
#include "madoguchi/telemetry/server_metrics.hpp"
#include "madoguchi/webhook/http_server.hpp"
#include "madoguchi/webhook/journal_writer.hpp"
#include "madoguchi/webhook/line_channel.hpp"
#include "madoguchi/webhook/messenger_channel.hpp"
#include "madoguchi/webhook/offload.hpp"
#include "madoguchi/webhook/reply_pipeline.hpp"

#include <openssl/rand.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <csignal>
#include <future>
#include <thread>

namespace madoguchi::app {
namespace {

namespace net = boost::asio;
namespace http = webhook::http;

webhook::messenger_options messenger_options_of(const app_config& config) {
  webhook::messenger_options options;
  options.app_secret = config.app_secret;
  options.verify_token = config.verify_token;
  options.graph_api_base = config.graph_api_base;
  options.app_id = config.meta_app_id;
  for (const tenant_config& tenant : config.tenants) {
    options.accounts.push_back(
        {tenant.id, tenant.messenger_page_id, tenant.instagram_account_id, tenant.page_token});
  }
  return options;
}

webhook::line_options line_options_of(const app_config& config) {
  webhook::line_options options;
  options.api_base = config.line_api_base;
  for (const tenant_config& tenant : config.tenants) {
    options.accounts.push_back(
        {tenant.id, tenant.line_channel_secret, tenant.line_access_token, tenant.line_basic_id});
  }
  return options;
}

bot::conversation_options conversation_options_of(const app_config& config) {
  bot::conversation_options options;
  options.memory = std::chrono::minutes(config.memory_minutes);
  options.fallbacks_before_handover = static_cast<int>(config.fallbacks_before_handover);
  options.staff_quiet_period = std::chrono::minutes(config.staff_quiet_minutes);
  return options;
}

std::string random_key() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw std::runtime_error(
        "cannot read random bytes for the pseudonym key; set "
        "MADOGUCHI_PSEUDONYM_KEY");
  }
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// The checks of GET /readyz. They run on the storage thread, which owns the connection.
telemetry::readiness readiness_checks(store::database& db, const knowledge::index_holder& knowledge,
                                      const app_config& config) {
  using telemetry::check_outcome;
  telemetry::readiness checks;
  checks.add("journal", [&db, path = config.sqlite_path] {
    // A real write, as an append would do: a read-only file, a full disk or a file size limit
    // fail it, where a read (ping) would still succeed.
    const boost::system::error_code ec = db.inbound().probe_write();
    return !ec ? check_outcome{}
               : check_outcome::failed(
                     "the inbound journal cannot be written (" + ec.message() +
                         "): webhooks are answered 503 and the platforms retry them",
                     "free disk space on the file system of " + path +
                         ", and check that this user may write it and its directory and that "
                         "no file size limit (ulimit -f) stops it");
  });
  checks.add("outbox", [&db, limit = config.outbox_backlog_limit] {
    const std::int64_t depth = db.outbox().depth();
    telemetry::metrics().outbox_depth.set(static_cast<double>(depth));
    return depth <= limit
               ? check_outcome{}
               : check_outcome::failed(
                     std::to_string(depth) + " replies wait in the outbox, more than " +
                         std::to_string(limit) + " ([readiness] outbox_backlog_limit)",
                     "check the delivery errors in the log (expired page or channel tokens, an "
                     "unreachable platform API); the backlog drains once the platforms accept "
                     "again");
  });
  checks.add("knowledge", [&knowledge] {
    return knowledge.current()->size() > 0
               ? check_outcome{}
               : check_outcome::failed(
                     "the knowledge base has no published entries: every question falls back",
                     "import entries (madoguchi kb import --tenant ID FILE.csv) or publish them "
                     "on the staff page, or set [storage] seed_default = true and restart");
  });
  return checks;
}

// GET /readyz: 200 when every check passes, else 503 naming each failing check and its fix.
struct readiness_probe {
  const telemetry::readiness& checks;
  net::any_io_executor storage;

  net::awaitable<webhook::response> operator()(webhook::request req) const {
    const telemetry::readiness& all = checks;
    const telemetry::readiness::report report =
        co_await webhook::run_on(storage, [&all] { return all.evaluate(); });
    co_return webhook::json_response(
        req, report.ready ? http::status::ok : http::status::service_unavailable,
        report.body.dump());
  }
};

// GET /metrics: the process registry in the Prometheus text format. The depths that live in
// the database are counted on the storage thread just before rendering.
struct metrics_endpoint {
  store::database& db;
  net::any_io_executor storage;

  net::awaitable<webhook::response> operator()(webhook::request req) const {
    store::database& database = db;
    try {
      const auto [pending, outbox] = co_await webhook::run_on(storage, [&database] {
        return std::pair{database.inbound().pending_count(), database.outbox().depth()};
      });
      telemetry::metrics().journal_pending.set(static_cast<double>(pending));
      telemetry::metrics().outbox_depth.set(static_cast<double>(outbox));
    } catch (const std::exception& error) {
      // The other metrics still help most when the database fails.
      telemetry::log_warn("metrics_depths_unavailable", {{"error", error.what()}});
    }
    webhook::response res =
        webhook::text_response(req, http::status::ok, telemetry::process_registry().expose());
    res.set(http::field::content_type, telemetry::exposition_content_type);
    co_return res;
  }
};

net::awaitable<webhook::response> liveness(webhook::request req) {
  co_return webhook::text_response(req, http::status::ok, "ok\n");
}

// Every hour: forgets the memory of idle conversations (minutes) and purges everything older than
// the retention period (days; reliability.md P5), so nothing personal outlives its purpose.
net::awaitable<void> forget_on_schedule(store::database& db, net::any_io_executor storage,
                                        std::chrono::minutes memory, std::chrono::days retention) {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    using std::chrono::system_clock;
    const auto seconds_at = [](system_clock::time_point t) {
      return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    };
    const std::int64_t idle_before = seconds_at(system_clock::now() - memory);
    const std::int64_t retained_after = seconds_at(system_clock::now() - retention);
    try {
      const auto [forgotten, purged] = co_await webhook::run_on(storage, [&] {
        return std::pair(db.conversations().forget_idle(idle_before),
                         db.privacy().purge_before(retained_after));
      });
      if (forgotten > 0) {
        telemetry::log_info("conversations_forgotten", {{"count", forgotten}});
      }
      if (purged.journal + purged.messages + purged.unanswered + purged.conversations > 0) {
        telemetry::log_info("retention_purged", {{"journal", purged.journal},
                                                 {"messages", purged.messages},
                                                 {"unanswered", purged.unanswered},
                                                 {"conversations", purged.conversations}});
      }
    } catch (const std::exception& error) {
      telemetry::log_error("retention_purge_failed", {{"error", error.what()}});
    }
    timer.expires_after(std::chrono::hours(1));
    co_await timer.async_wait(net::use_awaitable);
  }
}

// 予約公開: publishes the drafts whose time has come and rebuilds the index when any went live.
net::awaitable<void> publish_on_schedule(store::database& db, net::any_io_executor storage,
                                         admin::index_refresher& refresher) {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    timer.expires_after(admin::scheduled_publishing_interval);
    co_await timer.async_wait(net::use_awaitable);
    try {
      const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
      const std::size_t published =
          co_await webhook::run_on(storage, [&db, now] { return admin::publish_due(db, now); });
      if (published > 0) {
        const std::size_t entries = co_await refresher.refresh();
        telemetry::log_info("scheduled_published",
                            {{"published", published}, {"entries", entries}});
      }
    } catch (const std::exception& error) {
      telemetry::log_error("scheduled_publishing_failed", {{"error", error.what()}});
    }
  }
}

// Rebuilds the index when another process (`madoguchi kb import`) changed the database, so a
// CLI import reaches the running server without a restart.
net::awaitable<void> reload_on_outside_changes(store::database& db, net::any_io_executor storage,
                                               admin::index_refresher& refresher) {
  net::steady_timer timer(co_await net::this_coro::executor);
  std::int64_t seen = co_await webhook::run_on(storage, [&db] { return db.others_changes(); });
  for (;;) {
    timer.expires_after(std::chrono::seconds(2));
    co_await timer.async_wait(net::use_awaitable);
    try {
      const std::int64_t now =
          co_await webhook::run_on(storage, [&db] { return db.others_changes(); });
      if (now != seen) {
        seen = now;
        const std::size_t entries = co_await refresher.refresh();
        telemetry::log_info("knowledge_reloaded", {{"entries", entries}});
      }
    } catch (const std::exception& error) {
      telemetry::log_error("knowledge_reload_failed", {{"error", error.what()}});
    }
  }
}

// How long queued work may run after the last request was answered at shutdown.
constexpr std::chrono::seconds shutdown_grace{3};

}  // namespace

int run_serve(const app_config& config) {
  // A file size limit (ulimit -f) must fail the write, which the journal answers with 503, not
  // kill the server with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  knowledge_base kb = open_knowledge_base(config);
  knowledge::index_holder knowledge(kb.index);
  const unsigned threads =
      config.threads != 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());

  net::io_context context(static_cast<int>(threads));
  net::thread_pool storage(1);
  net::thread_pool compute(std::max(1u, threads / 2));

  const webhook::messenger_options messenger = messenger_options_of(config);
  const webhook::line_options line = line_options_of(config);
  webhook::pipeline_options pipeline_options;
  pipeline_options.conversation = conversation_options_of(config);
  pipeline_options.messenger = messenger;
  pipeline_options.line = line;
  pipeline_options.client.ca_file = config.ca_file;
  pipeline_options.retry.base = std::chrono::milliseconds(config.retry_base_ms);
  pipeline_options.retry.cap = std::chrono::seconds(config.retry_cap_seconds);
  pipeline_options.retry.give_up_after = std::chrono::hours(config.give_up_after_hours);
  pipeline_options.retry.breaker_failures = config.breaker_failures;
  pipeline_options.retry.breaker_cooldown = std::chrono::seconds(config.breaker_cooldown_seconds);
  pipeline_options.typing_after = std::chrono::milliseconds(config.typing_after_ms);
  pipeline_options.client.max_connections_per_origin = config.connections_per_origin;
  pipeline_options.max_unfinished = config.events_in_memory;
  pipeline_options.pseudonym_key =
      config.pseudonym_key.empty() ? random_key() : config.pseudonym_key;
  webhook::reply_pipeline pipeline(
      {net::make_strand(context), compute.get_executor(), storage.get_executor()}, *kb.db,
      knowledge, std::move(pipeline_options));
  webhook::journal_writer journal(kb.db->inbound(), storage.get_executor());
  const webhook::messenger_channel channel(messenger, journal, pipeline);
  const webhook::line_channel line_channel(line, journal, pipeline);

  admin::index_refresher refresher(kb.db->knowledge(), kb.analyzer, knowledge,
                                   storage.get_executor(), compute.get_executor());
  const admin::admin_services staff_side{*kb.db,
                                         storage.get_executor(),
                                         compute.get_executor(),
                                         knowledge,
                                         refresher,
                                         {std::chrono::seconds(config.session_idle_seconds),
                                          std::chrono::seconds(config.login_delay_seconds)}};

  auto routes = std::make_shared<webhook::router>();
  routes->add(http::verb::get, "/healthz", liveness);
  const telemetry::readiness checks = readiness_checks(*kb.db, knowledge, config);
  routes->add(http::verb::get, "/readyz", readiness_probe{checks, storage.get_executor()});
  if (config.metrics_enabled) {
    routes->add(http::verb::get, "/metrics", metrics_endpoint{*kb.db, storage.get_executor()});
  }
  channel.add_routes(*routes);
  line_channel.add_routes(*routes);
  admin::add_routes(*routes, staff_side);

  webhook::server_limits limits;
  limits.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
  limits.max_connections = config.max_connections;
  limits.max_connections_per_address = config.max_connections_per_address;
  webhook::http_server server(
      context, {{net::ip::make_address(config.listen_host), config.listen_port}, limits}, routes);
  // What the last run left unfinished is queued before the first request is accepted, so that an
  // event arriving now cannot be replayed as well (and answered twice).
  const std::size_t replayed =
      net::co_spawn(storage.get_executor(), pipeline.replay_pending(), net::use_future).get();
  if (replayed > 0) {
    telemetry::log_info("journal_replayed", {{"events", replayed}});
  }
  server.start();
  const auto endpoint = server.local_endpoint();
  telemetry::log_info(
      "listening",
      {{"address", endpoint.address().to_string() + ":" + std::to_string(endpoint.port())},
       {"threads", threads},
       {"database", config.sqlite_path},
       {"entries", kb.index->size()},
       {"messenger", messenger.configured() ? "configured" : "not configured"}});
  if (!messenger.configured()) {
    telemetry::log_warn("messenger_not_configured",
                        {{"fix", "set MADOGUCHI_META_APP_SECRET and MADOGUCHI_META_VERIFY_TOKEN"}});
  } else if (config.meta_app_id.empty()) {
    // Without it an echo that lost madoguchi's metadata (Instagram's can) reads as a staff
    // member writing in the inbox, and the bot goes quiet in that conversation.
    telemetry::log_warn("meta_app_id_missing",
                        {{"fix",
                          "set [meta] app_id to the Meta app's id (App Dashboard, Basic "
                          "settings) so that the bot's own echoes are never taken for "
                          "staff replies"}});
  }
  for (const tenant_config& tenant : config.tenants) {
    if (tenant.line_channel_secret.empty() != tenant.line_access_token.empty()) {
      telemetry::log_warn("line_half_configured",
                          {{"tenant", tenant.id},
                           {"fix", "set both " + line_secret_variable(tenant.id) + " and " +
                                       line_token_variable(tenant.id) + ", or neither"}});
    }
    const bool on_meta = !tenant.messenger_page_id.empty() || !tenant.instagram_account_id.empty();
    if (tenant.page_token.empty() && on_meta) {
      telemetry::log_warn("page_token_missing",
                          {{"tenant", tenant.id},
                           {"fix", "set " + page_token_variable(tenant.id) +
                                       "; until then replies are logged, not sent"}});
    }
  }

  net::co_spawn(
      context,
      forget_on_schedule(*kb.db, storage.get_executor(), conversation_options_of(config).memory,
                         std::chrono::days(config.retention_days)),
      net::detached);

  net::co_spawn(context, reload_on_outside_changes(*kb.db, storage.get_executor(), refresher),
                net::detached);
  net::co_spawn(context, publish_on_schedule(*kb.db, storage.get_executor(), refresher),
                net::detached);

  net::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) {
      return;
    }
    telemetry::log_info("stopping", {{"signal", signal_number}});
    // Every acknowledged event is already in the journal (written before the 200), so once the
    // requests in flight are answered nothing is lost: events not yet answered are replayed at
    // start.
    server.stop();
    net::co_spawn(context, server.drained(),
                  [&context](const std::exception_ptr&, std::size_t) { context.stop(); });
  });

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) {
    workers.emplace_back([&context] { context.run(); });
  }
  context.run();
  for (std::thread& worker : workers) {
    worker.join();
  }
  // Work already queued on the pools (decisions of acknowledged events, their writes) may finish
  // for shutdown_grace; then it is dropped, and those events, still pending in the journal, are
  // answered after the next start, as after a crash. A full disk, whose every write fails slowly,
  // must not hold a restart up.
  std::promise<void> joined;
  std::future<void> pools_joined = joined.get_future();
  std::thread watchdog([&pools_joined, &compute, &storage] {
    if (pools_joined.wait_for(shutdown_grace) == std::future_status::timeout) {
      telemetry::log_warn("shutdown_grace_over", {{"seconds", shutdown_grace.count()}});
      compute.stop();
      storage.stop();
    }
  });
  compute.join();
  storage.join();
  joined.set_value();
  watchdog.join();
  telemetry::log_info("stopped");
  return 0;
}

}  // namespace madoguchi::app
