// The audit view: who changed what, newest first; editors see their tenants' rows.
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"

#include <charconv>

namespace madoguchi::admin::api {
namespace {

constexpr std::size_t default_rows = 200;
constexpr std::size_t most_rows = 1000;

std::int64_t number_or(std::string_view text, std::int64_t fallback) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0 ? value : fallback;
}

nlohmann::json json_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(text, nullptr, false);
}

}  // namespace

net::awaitable<response> audit(api_call& call) {
  store::audit_query query;
  const std::string tenant = call.query_value("tenant");
  if (!tenant.empty()) {
    if (auto refusal = co_await check_tenant(call, tenant)) {
      co_return std::move(*refusal);
    }
    query.tenants = {tenant};
  } else if (!is_admin(call.caller)) {
    if (call.caller.tenants.empty()) {
      // An empty list would mean every tenant.
      co_return json_reply(call.req, nlohmann::json{{"records", nlohmann::json::array()}});
    }
    query.tenants = call.caller.tenants;
  }
  query.target = call.query_value("target");
  query.limit = static_cast<std::size_t>(
      std::min<std::int64_t>(number_or(call.query_value("limit"), default_rows), most_rows));
  query.before_id = number_or(call.query_value("before"), 0);
  store::audit_log& log = call.services.db.audit();
  const auto rows = co_await on_storage(call, [&log, &query] { return log.query(query); });
  nlohmann::json list = nlohmann::json::array();
  for (const store::audit_record& row : rows) {
    list.push_back({{"id", row.id},
                    {"at", row.at},
                    {"actor", row.actor},
                    {"action", row.action},
                    {"tenant", row.tenant},
                    {"target", row.target},
                    {"before", json_or_null(row.before)},
                    {"after", json_or_null(row.after)}});
  }
  co_return json_reply(call.req, nlohmann::json{{"records", std::move(list)}});
}

}  // namespace madoguchi::admin::api
