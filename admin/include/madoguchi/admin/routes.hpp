// File: routes.hpp
//
// The staff side, served by the same server under /admin/: the web page's static assets
// (embedded at build time, strict Content-Security-Policy) and the JSON API of API.md.
#pragma once

#include "madoguchi/admin/index_refresh.hpp"
#include "madoguchi/knowledge/snapshot.hpp"
#include "madoguchi/store/database.hpp"
#include "madoguchi/webhook/http.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>

namespace madoguchi::admin {

// The sign-in limits of reliability.md S4/S5 that the configuration may change ([admin]).
struct admin_options {
  std::chrono::seconds session_idle{30 * 60};  // a session unused this long ends
  std::chrono::seconds first_login_delay{60};  // the wait after 5 failed logins in a row
};

// What the API works with. Every member but `options` must outlive the routes.
struct admin_services {
  store::database& db;
  boost::asio::any_io_executor storage;  // the one thread that uses `db`
  boost::asio::any_io_executor compute;  // password hashing, matching, index builds
  const knowledge::index_holder& knowledge;
  index_refresher& refresher;
  admin_options options;
};

// Registers GET /admin/ and its assets, and every route of /admin/api/, on `routes`.
void add_routes(webhook::router& routes, const admin_services& services);

}  // namespace madoguchi::admin
