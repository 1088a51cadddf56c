// Entries: list, create, edit as drafts, publish, retire, history, rollback.
#include "access.hpp"
#include "api_response.hpp"
#include "entry_view.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/entry_json.hpp"

namespace madoguchi::admin::api {
namespace {

constexpr std::string_view create_action = "entry.create";
constexpr std::string_view draft_action = "entry.draft";
constexpr std::string_view publish_action = "entry.publish";
constexpr std::string_view retire_action = "entry.retire";
constexpr std::string_view rollback_action = "entry.rollback";

response invalid_entry(const request& req, const entry_problem& problem) {
  return error_reply(req, http::status::bad_request, "invalid", problem.message, problem.field);
}

// The body of a create or an edit, read as an entry of `tenant`; for an edit (`id` set) the id
// comes from the URL and may be left out of the body.
std::variant<knowledge::entry, response> entry_of_body(const request& req,
                                                       const std::string& tenant,
                                                       const std::string& id) {
  auto parsed = json_body(req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    return std::move(*refusal);
  }
  nlohmann::json& body = std::get<nlohmann::json>(parsed);
  if (!id.empty()) {
    const auto sent = body.find("id");
    if (sent != body.end() && (!sent->is_string() || sent->get<std::string>() != id)) {
      return error_reply(
          req, http::status::bad_request, "invalid",
          "id は変更できません。別の id にするときは、新しい回答として作成してください。", "id");
    }
    body["id"] = id;
  }
  auto read = entry_from_json(body, tenant);
  if (auto* problem = std::get_if<entry_problem>(&read)) {
    return invalid_entry(req, *problem);
  }
  return std::get<knowledge::entry>(std::move(read));
}

}  // namespace

net::awaitable<response> list_entries(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::editorial& editorial = call.services.db.editorial();
  const auto records =
      co_await on_storage(call, [&editorial, &tenant] { return editorial.entries(tenant); });
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const store::entry_record& record : records) {
    list.push_back(entry_record_json(record));
  }
  co_return json_reply(call.req, nlohmann::ordered_json{{"entries", std::move(list)}});
}

net::awaitable<response> create_entry(api_call& call) {
  const nlohmann::json sent = nlohmann::json::parse(call.req.body(), nullptr, false);
  const std::string tenant =
      sent.is_object() && sent.contains("tenant") && sent["tenant"].is_string()
          ? sent["tenant"].get<std::string>()
          : std::string();
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  auto read = entry_of_body(call.req, tenant, {});
  if (auto* refusal = std::get_if<response>(&read)) {
    co_return std::move(*refusal);
  }
  const knowledge::entry e = std::get<knowledge::entry>(std::move(read));
  store::database& db = call.services.db;
  // Written from the unanswered inbox (「新しい回答を作る」): the question leaves the inbox with
  // the new entry, as when it is added to an existing one.
  std::optional<std::int64_t> from_question;
  if (const std::string from = call.query_value("from_unanswered"); !from.empty()) {
    from_question = parse_row_id(from);
    std::optional<store::unanswered_question> question;
    if (from_question) {
      const std::int64_t question_id = *from_question;
      question = co_await on_storage(
          call, [&db, question_id] { return db.unanswered().find(question_id); });
    }
    if (!question || question->tenant != tenant) {
      co_return not_found(call.req, "質問");
    }
  }
  const std::string& author = call.caller.username;
  const applied_edit edit = co_await apply_edit(
      call, create_action, tenant, e.id,
      [&db, &e, &author, &from_question] {
        store::edit_result created = db.editorial().create(e, author);
        if (created && from_question) {
          db.unanswered().mark_attached(*from_question, e.id);
        }
        return created;
      },
      false);
  co_return edit_reply(call.req, edit, http::status::created);
}

net::awaitable<response> get_entry(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::editorial& editorial = call.services.db.editorial();
  const std::string& id = call.params.at(0);
  const auto record =
      co_await on_storage(call, [&editorial, &tenant, &id] { return editorial.find(tenant, id); });
  if (!record) {
    co_return not_found(call.req, "回答");
  }
  co_return json_reply(call.req, entry_record_json(*record));
}

net::awaitable<response> put_entry(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  const std::string& id = call.params.at(0);
  auto read = entry_of_body(call.req, tenant, id);
  if (auto* refusal = std::get_if<response>(&read)) {
    co_return std::move(*refusal);
  }
  const knowledge::entry e = std::get<knowledge::entry>(std::move(read));
  store::editorial& editorial = call.services.db.editorial();
  const std::string& author = call.caller.username;
  const applied_edit edit = co_await apply_edit(
      call, draft_action, tenant, id,
      [&editorial, &e, &author] { return editorial.save_draft(e, author); }, false);
  co_return edit_reply(call.req, edit);
}

namespace {

// Publish and retire: a change of what is live, audited, answered once the index has it.
using live_change = store::edit_result (store::editorial::*)(std::string_view, std::string_view,
                                                             std::string_view);

net::awaitable<response> change_what_is_live(api_call& call, std::string_view action,
                                             live_change change) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::editorial& editorial = call.services.db.editorial();
  const std::string& id = call.params.at(0);
  const std::string& author = call.caller.username;
  const applied_edit edit = co_await apply_edit(
      call, action, tenant, id,
      [&editorial, change, &tenant, &id, &author] {
        return (editorial.*change)(tenant, id, author);
      },
      true);
  co_return edit_reply(call.req, edit);
}

}  // namespace

net::awaitable<response> publish_entry(api_call& call) {
  return change_what_is_live(call, publish_action, &store::editorial::publish);
}

net::awaitable<response> retire_entry(api_call& call) {
  return change_what_is_live(call, retire_action, &store::editorial::retire);
}

net::awaitable<response> entry_versions(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::editorial& editorial = call.services.db.editorial();
  const std::string& id = call.params.at(0);
  const auto versions = co_await on_storage(
      call, [&editorial, &tenant, &id] { return editorial.versions(tenant, id); });
  if (versions.empty()) {
    co_return not_found(call.req, "回答");
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const store::entry_version& v : versions) {
    list.push_back({{"version", v.info.version},
                    {"author", v.info.author},
                    {"created_at", v.info.created_at},
                    {"published", v.published},
                    {"was_published", v.was_published},
                    {"entry", entry_to_json(v.content)}});
  }
  co_return json_reply(call.req, nlohmann::ordered_json{{"versions", std::move(list)}});
}

net::awaitable<response> rollback_entry(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const auto version = body.find("version");
  if (version == body.end() || !version->is_number_integer()) {
    co_return error_reply(call.req, http::status::bad_request, "invalid",
                          "戻す版の番号（version）を指定してください。", "version");
  }
  const std::int64_t target = version->get<std::int64_t>();
  store::editorial& editorial = call.services.db.editorial();
  const std::string& id = call.params.at(0);
  const std::string& author = call.caller.username;
  const applied_edit edit = co_await apply_edit(
      call, rollback_action, tenant, id,
      [&editorial, &tenant, &id, target, &author] {
        return editorial.rollback(tenant, id, target, author);
      },
      true);
  co_return edit_reply(call.req, edit);
}

}  // namespace madoguchi::admin::api
