// CSV export and import of a tenant's entries, in the format of `madoguchi kb` (knowledge/csv.hpp).
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/entry_json.hpp"
#include "madoguchi/knowledge/csv.hpp"
#include "madoguchi/knowledge/import_plan.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/beast/http/field.hpp>

#include <optional>
#include <variant>

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

// An import request: the tenant, the file's entries and whether absent entries retire.
struct import_request {
  std::string tenant;
  std::vector<knowledge::entry> entries;
  bool replace = false;
};

// The request's tenant (the caller's to import into) and CSV, or the answer that refuses it.
net::awaitable<std::variant<import_request, response>> read_import_request(api_call& call) {
  import_request read{call.query_value("tenant"), {}, call.query_value("replace") == "true"};
  if (auto refusal = co_await check_tenant(call, read.tenant)) {
    co_return std::move(*refusal);
  }
  if (!call.req[http::field::content_type].starts_with("text/csv")) {
    co_return error_reply(call.req, http::status::unsupported_media_type, "unsupported_media_type",
                          "CSV ファイルを Content-Type: text/csv で送ってください。");
  }
  auto parsed = knowledge::parse_entries_csv(call.req.body(), read.tenant);
  if (auto* problems = std::get_if<std::vector<knowledge::csv_error>>(&parsed)) {
    co_return csv_problems(call.req, *problems);
  }
  read.entries = std::get<std::vector<knowledge::entry>>(std::move(parsed));
  co_return std::move(read);
}

// Names a preview, so that an import confirmed from it happens only if it would still do exactly
// what staff saw. A digest, not a secret: the key only separates it from other HMAC uses.
std::string plan_digest(const nlohmann::ordered_json& plan) {
  return webhook::hmac_sha256_hex("madoguchi import plan", plan.dump());
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

net::awaitable<response> preview_import(api_call& call) {
  auto read = co_await read_import_request(call);
  if (auto* refusal = std::get_if<response>(&read)) {
    co_return std::move(*refusal);
  }
  const import_request& asked = std::get<import_request>(read);
  store::knowledge_repository& knowledge = call.services.db.knowledge();
  nlohmann::ordered_json body = co_await on_storage(call, [&knowledge, &asked] {
    return import_plan_to_json(knowledge::plan_import(knowledge.published_entries(asked.tenant),
                                                      asked.entries, asked.replace));
  });
  std::string digest = plan_digest(body);
  body["plan"] = std::move(digest);
  co_return json_reply(call.req, body);
}

net::awaitable<response> import_csv(api_call& call) {
  auto read = co_await read_import_request(call);
  if (auto* refusal = std::get_if<response>(&read)) {
    co_return std::move(*refusal);
  }
  const import_request& asked = std::get<import_request>(read);
  const std::string& tenant = asked.tenant;
  const auto& entries = asked.entries;
  const bool replace = asked.replace;
  const std::string confirmed_plan = call.query_value("plan");
  store::database& db = call.services.db;
  store::audit_record row = audit_row(call, import_action, tenant, {}, {}, {});
  const std::string& author = call.caller.username;
  // nullopt: the answers changed after staff saw the preview, so what they confirmed is not
  // what would happen; nothing is written.
  const std::optional<store::import_counts> counts =
      co_await on_storage(call, [&db, &tenant, &entries, replace, &confirmed_plan, &author, &row] {
        std::optional<store::import_counts> done;
        db.in_transaction([&] {
          if (!confirmed_plan.empty() &&
              plan_digest(import_plan_to_json(knowledge::plan_import(
                  db.knowledge().published_entries(tenant), entries, replace))) != confirmed_plan) {
            return;
          }
          done = db.knowledge().import_entries({tenant, tenant}, entries, replace, author);
          row.after =
              nlohmann::json{{"counts", import_counts_to_json(*done)}, {"replace", replace}}.dump();
          db.audit().append(row);
        });
        return done;
      });
  if (!counts) {
    co_return error_reply(call.req, http::status::conflict, "plan_changed",
                          "確認したあとで公開中の回答が変わったため、何も取り込んでいません。"
                          "もう一度「内容を確認する」から確かめてください。");
  }
  co_await call.services.refresher.refresh();
  co_return json_reply(call.req, import_counts_to_json(*counts));
}

}  // namespace madoguchi::admin::api
