// One staff API request as the handlers see it: the request, who sent it, the path's
// parameters, and the services. Built by the dispatcher (api_routes.cpp) after authentication.
#pragma once

#include "madoguchi/admin/login_limits.hpp"
#include "madoguchi/admin/routes.hpp"
#include "madoguchi/store/staff.hpp"
#include "madoguchi/webhook/http.hpp"

#include <nlohmann/json.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::admin::api {

namespace net = boost::asio;
namespace http = webhook::http;
using webhook::request;
using webhook::response;

struct api_call {
  const request& req;
  const admin_services& services;
  login_limiters& login_limits;              // used only on the storage thread
  store::staff_account caller;               // empty (id 0) only for login
  std::string session_hash;                  // the caller's session; empty for login
  std::vector<std::string> params;           // the path's {…} parts, in order
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string query_value(const std::string& key) const;
};

using api_handler = net::awaitable<response> (*)(api_call&);

// Seconds since the epoch.
std::int64_t unix_now();

// A row id written in a path or a query (1 or more, digits only); nullopt for anything else.
std::optional<std::int64_t> parse_row_id(std::string_view text);

}  // namespace madoguchi::admin::api
