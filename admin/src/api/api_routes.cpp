// The staff API's route table and dispatcher: authentication, CSRF and the admin-only rule are
// checked here, once, for every route; handlers see only requests they may serve.
#include "api_routes.hpp"
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/routes.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/signature.hpp"
#include "request_source.hpp"
#include "session_token.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <memory>

namespace madoguchi::admin {
namespace api {
namespace {

enum class access {
  anyone,     // login only
  signed_in,  // any staff member; handlers check tenants
  admin,      // admins only
};

struct api_route {
  http::verb method;
  std::string_view pattern;  // under /admin/api/; "{}" matches one path segment
  access needs;
  api_handler handle;
};

// Kept in the order of API.md.
constexpr std::array routes = {
    api_route{http::verb::post, "login", access::anyone, login},
    api_route{http::verb::post, "logout", access::signed_in, logout},
    api_route{http::verb::get, "me", access::signed_in, me},
    api_route{http::verb::post, "me/password", access::signed_in, change_own_password},
    api_route{http::verb::get, "tenants", access::signed_in, tenants},
    api_route{http::verb::get, "entries", access::signed_in, list_entries},
    api_route{http::verb::post, "entries", access::signed_in, create_entry},
    api_route{http::verb::get, "entries/{}", access::signed_in, get_entry},
    api_route{http::verb::put, "entries/{}", access::signed_in, put_entry},
    api_route{http::verb::post, "entries/{}/publish", access::admin, publish_entry},
    api_route{http::verb::post, "entries/{}/retire", access::admin, retire_entry},
    api_route{http::verb::post, "entries/{}/schedule", access::admin, schedule_entry},
    api_route{http::verb::get, "entries/{}/versions", access::signed_in, entry_versions},
    api_route{http::verb::get, "drafts", access::signed_in, list_drafts},
    api_route{http::verb::post, "entries/{}/rollback", access::admin, rollback_entry},
    api_route{http::verb::post, "preview", access::signed_in, preview},
    api_route{http::verb::get, "unanswered", access::signed_in, unanswered},
    api_route{http::verb::post, "unanswered/{}/attach", access::signed_in, attach_unanswered},
    api_route{http::verb::post, "unanswered/{}/dismiss", access::signed_in, dismiss_unanswered},
    api_route{http::verb::post, "try", access::signed_in, try_question},
    api_route{http::verb::get, "handovers", access::signed_in, handovers},
    api_route{http::verb::post, "handovers/return", access::signed_in, return_handover},
    api_route{http::verb::get, "audit", access::signed_in, audit},
    api_route{http::verb::get, "export", access::signed_in, export_csv},
    api_route{http::verb::post, "import/preview", access::admin, preview_import},
    api_route{http::verb::post, "import", access::admin, import_csv},
    api_route{http::verb::get, "staff", access::admin, list_staff},
    api_route{http::verb::post, "staff", access::admin, add_staff},
    api_route{http::verb::post, "staff/{}/password", access::admin, change_staff_password},
    api_route{http::verb::put, "staff/{}", access::admin, change_staff_access},
    api_route{http::verb::post, "staff/{}/disable", access::admin, disable_staff},
    api_route{http::verb::post, "staff/{}/enable", access::admin, enable_staff},
};

constexpr std::string_view api_prefix = "/admin/api/";

std::vector<std::string_view> segments_of(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return parts;
}

// Matches `path` (below the prefix, percent-decoded segments) against `pattern`.
bool matches(std::string_view pattern, const std::vector<std::string>& path,
             std::vector<std::string>& params) {
  const std::vector<std::string_view> expected = segments_of(pattern);
  if (expected.size() != path.size()) {
    return false;
  }
  params.clear();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] == "{}") {
      if (path[i].empty()) {
        return false;
      }
      params.push_back(path[i]);
    } else if (expected[i] != path[i]) {
      return false;
    }
  }
  return true;
}

struct parsed_target {
  std::vector<std::string> path;  // decoded segments below /admin/api/
  std::map<std::string, std::string> query;
};

std::optional<parsed_target> parse_target(std::string_view target) {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    return std::nullopt;
  }
  parsed_target parsed;
  bool below_prefix = false;
  std::string joined = "/";
  for (const std::string segment : url->segments()) {
    if (below_prefix) {
      parsed.path.push_back(segment);
    } else {
      joined += segment + "/";
      below_prefix = joined == api_prefix;
    }
  }
  if (!below_prefix) {
    return std::nullopt;
  }
  for (const auto param : url->params()) {
    parsed.query.emplace(param.key, param.value);
  }
  return parsed;
}

bool changes_state(http::verb method) {
  return method != http::verb::get && method != http::verb::head;
}

struct signed_in_caller {
  store::staff_account account;
  std::string session_hash;
};

// How often a session's last_seen is written: at most once a minute, to limit writes, and
// often enough that an active session never looks idle.
std::int64_t touch_interval(const admin_options& options) {
  return std::min<std::int64_t>(60, options.session_idle.count() / 2);
}

// The caller of a request with a live session (within the absolute and the idle limit), on an
// account that is enabled. Moves the idle limit on; ends an idle session for good.
net::awaitable<std::optional<signed_in_caller>> authenticate(const admin_services& services,
                                                             const std::string& token) {
  const std::string hash = session_token_hash(token);
  store::staff_directory& staff = services.db.staff();
  const std::int64_t now = unix_now();
  const std::int64_t idle = services.options.session_idle.count();
  const std::int64_t touch_after = touch_interval(services.options);
  co_return co_await webhook::run_on(
      services.storage,
      [&staff, &hash, now, idle, touch_after]() -> std::optional<signed_in_caller> {
        const auto session = staff.find_session(hash, now);
        if (!session) {
          return std::nullopt;
        }
        if (now - session->last_seen >= idle) {
          staff.remove_session(hash);
          return std::nullopt;
        }
        auto account = staff.find(session->staff_id);
        if (!account || account->disabled) {
          return std::nullopt;
        }
        if (now - session->last_seen >= touch_after) {
          staff.touch_session(hash, now);
        }
        return signed_in_caller{std::move(*account), hash};
      });
}

net::awaitable<response> dispatch(const admin_services& services, login_limiters& limits,
                                  request req) {
  const auto target = parse_target(req.target());
  if (!target) {
    co_return not_found(req, "API");
  }
  // Which route, and whether only the method is wrong.
  const api_route* route = nullptr;
  bool path_known = false;
  std::vector<std::string> params;
  for (const api_route& candidate : routes) {
    if (matches(candidate.pattern, target->path, params)) {
      path_known = true;
      if (candidate.method == req.method()) {
        route = &candidate;
        break;
      }
    }
  }

  // Before the session: a forged login (login CSRF) is refused too.
  if (changes_state(req.method()) && from_another_site(req)) {
    co_return error_reply(req, http::status::forbidden, "csrf",
                          "ほかのサイトから送られた操作は受け付けません。この職員画面（/admin/"
                          "）をブラウザで直接開いてから、もう一度操作してください。");
  }
  api_call call{req, services, limits, {}, {}, {}, target->query};
  if (route == nullptr || route->needs != access::anyone) {
    // Anonymous requests learn nothing about which routes exist.
    const auto token = session_cookie(req);
    std::optional<signed_in_caller> caller;
    if (token) {
      caller = co_await authenticate(services, *token);
    }
    if (!caller) {
      co_return unauthenticated(req);
    }
    if (route == nullptr) {
      if (path_known) {
        co_return error_reply(req, http::status::method_not_allowed, "method_not_allowed",
                              "この URL にはその方法（メソッド）では送れません。");
      }
      co_return not_found(req, "API の URL");
    }
    if (changes_state(req.method()) &&
        !webhook::constant_time_equals(req["X-CSRF-Token"], csrf_token_for(*token))) {
      co_return error_reply(
          req, http::status::forbidden, "csrf",
          "画面の有効期限が切れました。ページを再読み込みしてから、もう一度操作してください。");
    }
    if (route->needs == access::admin && !is_admin(caller->account)) {
      co_return forbidden(req);
    }
    call.caller = std::move(caller->account);
    call.session_hash = std::move(caller->session_hash);
  }
  matches(route->pattern, target->path, call.params);
  try {
    co_return co_await route->handle(call);
  } catch (const std::exception& error) {
    telemetry::log_error("admin_api_failed", {{"route", route->pattern}, {"error", error.what()}});
  }
  co_return error_reply(req, http::status::internal_server_error, "internal",
                        "サーバーで問題が起きました。少し待ってからもう一度試し、続くときはシステム"
                        "担当者に連絡してください。");
}

}  // namespace
}  // namespace api

void add_api_routes(webhook::router& router, const admin_services& services) {
  // Shared by every copy of the handler; touched only on the storage thread.
  auto limits = std::make_shared<login_limiters>();
  const auto handler = [&services, limits](webhook::request req) {
    return api::dispatch(services, *limits, std::move(req));
  };
  for (const webhook::http::verb method :
       {webhook::http::verb::get, webhook::http::verb::post, webhook::http::verb::put}) {
    router.add_prefix(method, std::string(api::api_prefix), handler);
  }
}

}  // namespace madoguchi::admin
