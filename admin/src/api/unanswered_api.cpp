// The unanswered inbox: what citizens asked that the bot could not answer, adding a question to
// an entry as a new example (a draft), and setting one aside as nothing to answer.
#include "access.hpp"
#include "api_response.hpp"
#include "entry_view.hpp"
#include "handlers.hpp"

#include <algorithm>

namespace madoguchi::admin::api {
namespace {

constexpr std::size_t inbox_size = 200;
constexpr std::string_view attach_action = "unanswered.attach";
constexpr std::string_view dismiss_action = "unanswered.dismiss";

// The question the path names ({id}), if the caller may act on it; else the answer that refuses.
net::awaitable<std::variant<store::unanswered_question, response>> question_of_path(
    api_call& call) {
  const auto id = parse_row_id(call.params.at(0));
  if (!id) {
    co_return not_found(call.req, "質問");
  }
  store::database& db = call.services.db;
  const std::int64_t question_id = *id;
  auto question =
      co_await on_storage(call, [&db, question_id] { return db.unanswered().find(question_id); });
  if (!question) {
    co_return not_found(call.req, "質問");
  }
  if (!can_see(call.caller, question->tenant)) {
    co_return forbidden(call.req);
  }
  co_return std::move(*question);
}

}  // namespace

net::awaitable<response> unanswered(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  store::unanswered_log& log = call.services.db.unanswered();
  const auto questions =
      co_await on_storage(call, [&log, &tenant] { return log.open({tenant}, inbox_size); });
  nlohmann::json list = nlohmann::json::array();
  for (const store::unanswered_question& q : questions) {
    list.push_back({{"id", q.id},
                    {"tenant", q.tenant},
                    {"text", q.text},
                    {"normalized_text", q.normalized_text},
                    {"count", q.count},
                    {"first_seen", q.first_seen},
                    {"last_seen", q.last_seen}});
  }
  co_return json_reply(call.req, nlohmann::json{{"questions", std::move(list)}});
}

net::awaitable<response> attach_unanswered(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const auto entry = body.find("entry");
  if (entry == body.end() || !entry->is_string() || entry->get<std::string>().empty()) {
    co_return error_reply(call.req, http::status::bad_request, "invalid",
                          "質問を追加する回答（entry）を選んでください。", "entry");
  }
  const std::string entry_id = entry->get<std::string>();
  auto found = co_await question_of_path(call);
  if (auto* refusal = std::get_if<response>(&found)) {
    co_return std::move(*refusal);
  }
  const store::unanswered_question question =
      std::get<store::unanswered_question>(std::move(found));
  store::database& db = call.services.db;
  const std::string& author = call.caller.username;
  const applied_edit edit = co_await apply_edit(
      call, attach_action, question.tenant, entry_id,
      [&db, &question, &entry_id, &author]() -> store::edit_result {
        auto record = db.editorial().find(question.tenant, entry_id);
        if (!record) {
          store::edit_result missing;
          missing.error = store::edit_error::not_found;
          return missing;
        }
        knowledge::entry e = record->content;
        if (std::find(e.questions.begin(), e.questions.end(), question.text) == e.questions.end()) {
          e.questions.push_back(question.text);
        }
        store::edit_result saved = db.editorial().save_draft(e, author);
        if (saved) {
          db.unanswered().mark_attached(question.id, entry_id);
        }
        return saved;
      },
      false);
  co_return edit_reply(call.req, edit);
}

// 「対応不要」: chit-chat or another office's matter leaves the inbox, and stays out of it when
// asked again; the audit log keeps what was set aside and by whom.
net::awaitable<response> dismiss_unanswered(api_call& call) {
  auto found = co_await question_of_path(call);
  if (auto* refusal = std::get_if<response>(&found)) {
    co_return std::move(*refusal);
  }
  const store::unanswered_question question =
      std::get<store::unanswered_question>(std::move(found));
  store::database& db = call.services.db;
  const std::int64_t question_id = question.id;
  store::audit_record row = audit_row(call, dismiss_action, question.tenant,
                                      std::to_string(question_id), std::nullopt, std::nullopt);
  row.before = nlohmann::json{{"text", question.text}, {"count", question.count}}.dump();
  const std::int64_t now = unix_now();
  co_await on_storage(call, [&db, question_id, now, &row] {
    db.in_transaction([&] {
      db.unanswered().mark_dismissed(question_id, now);
      db.audit().append(row);
    });
    return true;
  });
  co_return json_reply(call.req, nlohmann::json{{"id", question_id}, {"dismissed_at", now}});
}

}  // namespace madoguchi::admin::api
