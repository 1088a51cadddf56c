// Embedded static assets of the staff page, with security headers.
#include "madoguchi/admin/routes.hpp"

#include "api/api_routes.hpp"

#include "embedded_admin_css.hpp"
#include "embedded_api_js.hpp"
#include "embedded_app_js.hpp"
#include "embedded_diff_js.hpp"
#include "embedded_dom_js.hpp"
#include "embedded_entries_js.hpp"
#include "embedded_index_html.hpp"
#include "embedded_preview_js.hpp"
#include "embedded_tools_js.hpp"
#include "embedded_ui_js.hpp"

#include <boost/beast/http/field.hpp>

namespace madoguchi::admin {
namespace {

namespace http = webhook::http;

constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'";

struct asset {
  std::string_view path;
  std::string_view content_type;
  std::string_view (*body)();
};

constexpr asset assets[] = {
    {"/admin/", "text/html; charset=utf-8", embedded::index_html},
    {"/admin/admin.css", "text/css; charset=utf-8", embedded::admin_css},
    // The page's JavaScript modules (app.js imports the others; no build step).
    {"/admin/app.js", "text/javascript; charset=utf-8", embedded::app_js},
    {"/admin/api.js", "text/javascript; charset=utf-8", embedded::api_js},
    {"/admin/dom.js", "text/javascript; charset=utf-8", embedded::dom_js},
    {"/admin/ui.js", "text/javascript; charset=utf-8", embedded::ui_js},
    {"/admin/entries.js", "text/javascript; charset=utf-8", embedded::entries_js},
    {"/admin/tools.js", "text/javascript; charset=utf-8", embedded::tools_js},
    {"/admin/preview.js", "text/javascript; charset=utf-8", embedded::preview_js},
    {"/admin/diff.js", "text/javascript; charset=utf-8", embedded::diff_js},
};

webhook::net::awaitable<webhook::response> serve_asset(webhook::request req) {
  const std::string_view path = webhook::target_path(req.target());
  for (const asset& a : assets) {
    if (a.path == path) {
      webhook::response res{http::status::ok, req.version()};
      res.set(http::field::content_type, a.content_type);
      res.set("Content-Security-Policy", content_security_policy);
      res.set("X-Content-Type-Options", "nosniff");
      res.set("Referrer-Policy", "no-referrer");
      res.set(http::field::cache_control, "no-cache");
      res.keep_alive(req.keep_alive());
      res.body() = std::string(a.body());
      res.prepare_payload();
      co_return res;
    }
  }
  co_return webhook::text_response(req, http::status::not_found, "not found\n");
}

// `/admin` typed without its slash: the page is at /admin/ (its assets are relative to it).
webhook::net::awaitable<webhook::response> redirect_to_page(webhook::request req) {
  webhook::response res{http::status::permanent_redirect, req.version()};
  res.set(http::field::location, "/admin/");
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  co_return res;
}

// Browsers ask for /favicon.ico on every page: no icon, and nothing to log as not found.
webhook::net::awaitable<webhook::response> no_favicon(webhook::request req) {
  webhook::response res{http::status::no_content, req.version()};
  res.set(http::field::cache_control, "max-age=86400");
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  co_return res;
}

}  // namespace

void add_routes(webhook::router& routes, const admin_services& services) {
  routes.add(http::verb::get, "/admin", redirect_to_page);
  routes.add(http::verb::get, "/favicon.ico", no_favicon);
  routes.add_prefix(http::verb::get, "/admin/", serve_asset);
  add_api_routes(routes, services);
}

}  // namespace madoguchi::admin
