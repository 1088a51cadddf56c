// The route table and response helpers.
#include "madoguchi/webhook/http.hpp"

#include "madoguchi/telemetry/server_metrics.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <memory>

namespace madoguchi::webhook {

namespace {

// What no route of the table matched (404, or 405): one label value, never the path itself,
// whose values are unbounded.
constexpr std::string_view unmatched_route = "unmatched";

response make_response(const request& req, http::status status, std::string_view content_type,
                       std::string body) {
  response res{status, req.version()};
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

void count_request(std::string_view route, http::verb method, unsigned status) {
  telemetry::metrics()
      .http_requests
      .with({route, std::string_view(http::to_string(method)), std::to_string(status)})
      .inc();
}

// A route's handler with what its metrics need, shared by the copies of the wrapping handler.
struct observed_route {
  handler inner;
  std::string label;  // the route pattern: "/webhook/messenger", "/admin/*"
  telemetry::histogram& duration;
};

// Runs the route's handler and counts the request by route pattern, method and status. A
// handler that throws is counted as the 500 the server answers in its place.
net::awaitable<response> serve_observed(std::shared_ptr<const observed_route> route, request req) {
  const auto started = std::chrono::steady_clock::now();
  const http::verb method = req.method();
  unsigned status = 500;
  const auto record = [&] {
    route->duration.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    count_request(route->label, method, status);
  };
  try {
    response res = co_await route->inner(std::move(req));
    status = res.result_int();
    record();
    co_return res;
  } catch (...) {
    record();
    throw;
  }
}

handler observed(std::string label, handler inner) {
  auto route = std::make_shared<const observed_route>(observed_route{
      .inner = std::move(inner),
      .label = label,
      .duration = telemetry::metrics().http_request_duration.with({label}),
  });
  return [route](request req) { return serve_observed(route, std::move(req)); };
}

}  // namespace

response text_response(const request& req, http::status status, std::string_view body) {
  return make_response(req, status, "text/plain; charset=utf-8", std::string(body));
}

response json_response(const request& req, http::status status, std::string body) {
  return make_response(req, status, "application/json; charset=utf-8", std::move(body));
}

std::string query_parameter(std::string_view target, std::string_view key) {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    return {};
  }
  const auto params = url->params();
  const auto found = params.find(key);
  return found == params.end() ? std::string{} : std::string((*found).value);
}

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

void router::add(http::verb method, std::string path, handler h) {
  handler counted = observed(path, std::move(h));
  routes_.push_back({method, std::move(path), false, std::move(counted)});
}

void router::add_prefix(http::verb method, std::string prefix, handler h) {
  handler counted = observed(prefix + "*", std::move(h));
  routes_.push_back({method, std::move(prefix), true, std::move(counted)});
}

router::match router::find(http::verb method, std::string_view target) const {
  const std::string_view path = target_path(target);
  match result;
  const route* best = nullptr;
  for (const route& r : routes_) {
    const bool path_matches = r.prefix ? path.starts_with(r.path) : path == r.path;
    if (!path_matches) {
      continue;
    }
    if (r.method != method) {
      result.failure = http::status::method_not_allowed;
      continue;
    }
    // An exact route beats any prefix; a longer prefix beats a shorter one.
    if (best == nullptr || (best->prefix && (!r.prefix || r.path.size() > best->path.size()))) {
      best = &r;
    }
  }
  if (best != nullptr) {
    result.found = &best->h;
  } else {
    // The server answers a miss without a handler: it is counted here, as it is decided.
    count_request(unmatched_route, method, static_cast<unsigned>(result.failure));
  }
  return result;
}

}  // namespace madoguchi::webhook
