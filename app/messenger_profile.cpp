// `madoguchi messenger-profile`: one POST to the Messenger Profile API from a small io_context.
#include "messenger_profile.hpp"

#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/error.hpp"
#include "madoguchi/webhook/http_client.hpp"
#include "madoguchi/webhook/messenger_profile.hpp"
#include "madoguchi/webhook/platform_error.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <exception>
#include <optional>
#include <ostream>

namespace madoguchi::app {
namespace {

namespace net = boost::asio;
using send_result = boost::system::result<webhook::client_response>;

const tenant_config* find_tenant(const app_config& config, const std::string& id) {
  const auto found = std::find_if(config.tenants.begin(), config.tenants.end(),
                                  [&](const tenant_config& t) { return t.id == id; });
  return found == config.tenants.end() ? nullptr : &*found;
}

std::string configured_tenants(const app_config& config) {
  std::string list;
  for (const tenant_config& tenant : config.tenants) {
    list += (list.empty() ? "" : ", ") + tenant.id;
  }
  return list;
}

// What failed, for a person: the step (resolve, connect, TLS …) and the origin, never the URL
// (its query carries the page token).
std::string describe_io_error(const boost::system::error_code& ec, const std::string& origin) {
  const boost::system::error_category& category = ec.category();
  if (category == net::error::get_netdb_category() ||
      category == net::error::get_addrinfo_category()) {
    return "cannot resolve the host of " + origin + ": " + ec.message() +
           "; check [meta] graph_api_base and the DNS";
  }
  if (ec == boost::beast::error::timeout) {
    return "no answer from " + origin +
           " in time (5 s to connect, 10 s to respond); check the network and any proxy";
  }
  if (category == net::error::get_ssl_category() ||
      category == net::ssl::error::get_stream_category()) {
    return "the TLS handshake with " + origin + " failed: " + ec.message() +
           "; check the system's CA certificates or [meta] ca_file";
  }
  if (ec == net::error::connection_refused || ec == net::error::host_unreachable ||
      ec == net::error::network_unreachable || ec == net::error::timed_out) {
    return "cannot connect to " + origin + ": " + ec.message() + "; check the network";
  }
  if (ec == webhook::errc::invalid_url) {
    return "[meta] graph_api_base cannot be used: give an https:// URL such as "
           "https://graph.facebook.com/v21.0";
  }
  return "the request to " + origin + " failed: " + ec.message();
}

// One POST, awaited inside this frame: post_json's parameters (the URL view, its default headers)
// must outlive the request, so the URL is owned here rather than by a co_spawn temporary.
net::awaitable<send_result> post_profile(webhook::http_client& client, boost::urls::url url,
                                         std::string body) {
  send_result result = co_await client.post_json(url, std::move(body));
  co_return result;
}

}  // namespace

int run_messenger_profile(const cli_options& options, const app_config& config, std::ostream& out,
                          std::ostream& err) {
  const tenant_config* tenant = find_tenant(config, options.tenant);
  if (tenant == nullptr) {
    if (config.tenants.empty()) {
      err << "madoguchi: unknown tenant '" << options.tenant
          << "': no tenants are configured; add a [[tenants]] table with its id and "
             "messenger_page_id to the configuration file and pass it with --config FILE\n";
    } else {
      err << "madoguchi: unknown tenant '" << options.tenant
          << "'; the configured tenants are: " << configured_tenants(config) << "\n";
    }
    return 2;
  }
  if (options.dry_run) {
    out << webhook::messenger_profile_body(2) << "\n";
    return 0;
  }
  if (tenant->page_token.empty()) {
    err << "madoguchi: tenant '" << tenant->id << "' has no Page access token; set "
        << page_token_variable(tenant->id)
        << " to the Page's access token (Meta App Dashboard → Messenger API Settings → "
           "Generate access tokens)\n";
    return 2;
  }

  const auto base = boost::urls::parse_uri(config.graph_api_base);
  if (!base) {
    err << "madoguchi: [meta] graph_api_base is not a URL; give one such as "
           "https://graph.facebook.com/v21.0\n";
    return 2;
  }
  boost::urls::url url(*base);
  url.set_path(url.path() + "/me/messenger_profile");
  url.params().set("access_token", tenant->page_token);
  const std::string origin =
      std::string(url.host()) + (url.has_port() ? ":" + std::string(url.port()) : "");

  net::io_context io;
  webhook::client_options client_options;
  client_options.ca_file = config.ca_file;
  webhook::http_client client(io.get_executor(), client_options);
  std::optional<send_result> outcome;
  std::exception_ptr failure;
  net::co_spawn(io, post_profile(client, url, webhook::messenger_profile_body()),
                [&](std::exception_ptr e, send_result result) {
                  failure = e;
                  outcome = std::move(result);
                });
  io.run();
  if (failure) {
    std::rethrow_exception(failure);
  }

  if (!outcome || !*outcome) {
    const boost::system::error_code ec =
        outcome ? outcome->error() : make_error_code(net::error::operation_aborted);
    err << "madoguchi: the messenger profile of tenant '" << tenant->id
        << "' was not set: " << describe_io_error(ec, origin) << "\n";
    return 1;
  }
  const webhook::client_response& response = **outcome;
  if (response.status / 100 != 2) {
    const std::string meta_error = webhook::platform_error(response.body);
    err << "madoguchi: the Graph API refused the messenger profile of tenant '" << tenant->id
        << "' (HTTP " << response.status
        << "): " << (meta_error.empty() ? "no Graph API error in the answer" : meta_error) << "\n";
    if (response.status == 401 || meta_error.find("(code 190)") != std::string::npos) {
      err << "  the Page access token is invalid or expired: generate a new one and set "
          << page_token_variable(tenant->id) << "\n";
    }
    return 1;
  }
  telemetry::log_info("messenger_profile_set",
                      {{"tenant", tenant->id}, {"status", response.status}});
  out << "messenger profile set for tenant " << tenant->id
      << ": Get Started button, greeting and persistent menu\n";
  return 0;
}

}  // namespace madoguchi::app
