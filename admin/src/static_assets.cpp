// Embedded static assets of the staff page, with security headers.
#include "madoguchi/admin/routes.hpp"

#include "embedded_admin_css.hpp"
#include "embedded_index_html.hpp"

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

}  // namespace

void add_routes(webhook::router& routes) {
  routes.add_prefix(http::verb::get, "/admin/", serve_asset);
}

}  // namespace madoguchi::admin
