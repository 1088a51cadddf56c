// `madoguchi serve`: wiring of the server, the channels and the reply pipeline.
//
// Threads: `threads` I/O threads run the io_context (Beast sessions, the delivery strand);
// one storage thread owns the database; a compute pool runs matching.
#include "serve.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/admin/routes.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/telemetry/log.hpp"
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
    options.accounts.push_back({tenant.id, tenant.line_channel_secret, tenant.line_access_token});
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

struct readiness_probe {
  store::database& db;
  net::any_io_executor storage;

  net::awaitable<webhook::response> operator()(webhook::request req) const {
    store::database& database = db;
    const bool database_ok =
        co_await webhook::run_on(storage, [&database] { return database.ping(); });
    // The dictionary is loaded before the server starts; a server that runs has it.
    const nlohmann::json body = {{"ready", database_ok},
                                 {"checks", {{"dictionary", true}, {"database", database_ok}}}};
    co_return webhook::json_response(
        req, database_ok ? http::status::ok : http::status::service_unavailable, body.dump());
  }
};

net::awaitable<webhook::response> liveness(webhook::request req) {
  co_return webhook::text_response(req, http::status::ok, "ok\n");
}

// Forgets, every hour, the conversations whose memory has expired (those staff own stay).
net::awaitable<void> forget_idle_conversations(store::database& db, net::any_io_executor storage,
                                               std::chrono::minutes memory) {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                            (std::chrono::system_clock::now() - memory).time_since_epoch())
                            .count();
    store::conversations& conversations = db.conversations();
    try {
      const std::size_t forgotten = co_await webhook::run_on(
          storage, [&conversations, before] { return conversations.forget_idle(before); });
      if (forgotten > 0) {
        telemetry::log_info("conversations_forgotten", {{"count", forgotten}});
      }
    } catch (const std::exception& error) {
      telemetry::log_error("forget_conversations_failed", {{"error", error.what()}});
    }
    timer.expires_after(std::chrono::hours(1));
    co_await timer.async_wait(net::use_awaitable);
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

net::awaitable<void> replay(webhook::reply_pipeline& pipeline) {
  if (const std::size_t replayed = co_await pipeline.replay_pending()) {
    telemetry::log_info("journal_replayed", {{"events", replayed}});
  }
}

}  // namespace

int run_serve(const app_config& config) {
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
  const admin::admin_services staff_side{*kb.db, storage.get_executor(), compute.get_executor(),
                                         knowledge, refresher};

  auto routes = std::make_shared<webhook::router>();
  routes->add(http::verb::get, "/healthz", liveness);
  routes->add(http::verb::get, "/readyz", readiness_probe{*kb.db, storage.get_executor()});
  channel.add_routes(*routes);
  line_channel.add_routes(*routes);
  admin::add_routes(*routes, staff_side);

  webhook::server_limits limits;
  limits.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
  limits.max_connections = config.max_connections;
  limits.max_connections_per_address = config.max_connections_per_address;
  webhook::http_server server(
      context, {{net::ip::make_address(config.listen_host), config.listen_port}, limits}, routes);
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

  net::co_spawn(context, replay(pipeline), net::detached);
  net::co_spawn(context,
                forget_idle_conversations(*kb.db, storage.get_executor(),
                                          conversation_options_of(config).memory),
                net::detached);

  net::co_spawn(context, reload_on_outside_changes(*kb.db, storage.get_executor(), refresher),
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
  compute.join();
  storage.join();
  telemetry::log_info("stopped");
  return 0;
}

}  // namespace madoguchi::app
