// The route table and response helpers.
#include "madoguchi/webhook/http.hpp"

#include <boost/beast/http/field.hpp>

namespace madoguchi::webhook {

namespace {

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

}  // namespace

response text_response(const request& req, http::status status, std::string_view body) {
  return make_response(req, status, "text/plain; charset=utf-8", std::string(body));
}

response json_response(const request& req, http::status status, std::string body) {
  return make_response(req, status, "application/json; charset=utf-8", std::move(body));
}

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

void router::add(http::verb method, std::string path, handler h) {
  routes_.push_back({method, std::move(path), false, std::move(h)});
}

void router::add_prefix(http::verb method, std::string prefix, handler h) {
  routes_.push_back({method, std::move(prefix), true, std::move(h)});
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
  }
  return result;
}

}  // namespace madoguchi::webhook
