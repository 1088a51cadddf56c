// CSV export and import of a tenant's entries, in the format of `madoguchi kb` (knowledge/csv.hpp).
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/entry_json.hpp"
#include "madoguchi/knowledge/csv.hpp"

#include <boost/beast/http/field.hpp>

namespace madoguchi::admin::api {
namespace {

constexpr std::string_view import_action = "entry.import";

response csv_problems(const request& req, const std::vector<knowledge::csv_error>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const knowledge::csv_error& p : problems) {
    list.push_back({{"line", p.line}, {"column", p.column}, {"message", p.message}});
  }
  nlohmann::json body = error_body("invalid",
                                   "CSV に直すところがあるため、何も取り込んでいません。"
                                   "次の行を直してから、もう一度取り込んでください。");
  body["problems"] = std::move(list);
  return json_reply(req, body, http::status::bad_request);
}

}  // namespace

net::awaitable<response> export_csv(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::knowledge_repository& knowledge = call.services.db.knowledge();
  const auto entries = co_await on_storage(
      call, [&knowledge, &tenant] { return knowledge.published_entries(tenant); });
  response res =
      webhook::text_response(call.req, http::status::ok, knowledge::format_entries_csv(entries));
  res.set(http::field::content_type, "text/csv; charset=utf-8");
  // Tenant ids are checked against the database above, so they are safe in the header.
  res.set(http::field::content_disposition, "attachment; filename=\"" + tenant + ".csv\"");
  co_return res;
}

net::awaitable<response> import_csv(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  if (!call.req[http::field::content_type].starts_with("text/csv")) {
    co_return error_reply(call.req, http::status::unsupported_media_type, "unsupported_media_type",
                          "CSV ファイルを Content-Type: text/csv で送ってください。");
  }
  auto parsed = knowledge::parse_entries_csv(call.req.body(), tenant);
  if (auto* problems = std::get_if<std::vector<knowledge::csv_error>>(&parsed)) {
    co_return csv_problems(call.req, *problems);
  }
  const auto& entries = std::get<std::vector<knowledge::entry>>(parsed);
  const bool replace = call.query_value("replace") == "true";
  store::database& db = call.services.db;
  store::audit_record row = audit_row(call, import_action, tenant, {}, {}, {});
  const std::string& author = call.caller.username;
  const store::import_counts counts =
      co_await on_storage(call, [&db, &tenant, &entries, replace, &author, &row] {
        store::import_counts done;
        db.in_transaction([&] {
          done = db.knowledge().import_entries({tenant, tenant}, entries, replace, author);
          row.after =
              nlohmann::json{{"counts", import_counts_to_json(done)}, {"replace", replace}}.dump();
          db.audit().append(row);
        });
        return done;
      });
  co_await call.services.refresher.refresh();
  co_return json_reply(call.req, import_counts_to_json(counts));
}

}  // namespace madoguchi::admin::api
