// The editor's live preview (the real renderers on a draft) and the "try a question" console
// (the real decision on the live index).
#include "access.hpp"
#include "api_response.hpp"
#include "handlers.hpp"
#include "madoguchi/admin/entry_json.hpp"
#include "madoguchi/bot/responder.hpp"
#include "madoguchi/webhook/decision_json.hpp"
#include "madoguchi/webhook/line_render.hpp"
#include "madoguchi/webhook/messenger_render.hpp"

namespace madoguchi::admin::api {
namespace {

constexpr std::size_t longest_question = 2000;  // Messenger's own limit on a text message
constexpr std::string_view preview_recipient = "preview";

nlohmann::json messenger_messages(const bot::reply& reply) {
  nlohmann::json messages = nlohmann::json::array();
  for (const std::string& body : webhook::render_messenger_reply(reply, preview_recipient)) {
    messages.push_back(nlohmann::json::parse(body).at("message"));
  }
  return messages;
}

}  // namespace

net::awaitable<response> preview(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const std::string tenant = string_field(body, "tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  nlohmann::json& draft = body["entry"];
  if (draft.is_object() && string_field(draft, "id").empty()) {
    draft["id"] = "preview";  // a new entry has no id until it is saved
  }
  auto read = entry_from_json(draft, tenant);
  if (auto* problem = std::get_if<entry_problem>(&read)) {
    co_return error_reply(call.req, http::status::bad_request, "invalid", problem->message,
                          problem->field);
  }
  const bot::reply reply = bot::reply_for(std::get<knowledge::entry>(read), bot::today_in_japan());
  co_return json_reply(call.req, nlohmann::json{{"messenger", messenger_messages(reply)},
                                                {"line", webhook::render_line_messages(reply)}});
}

net::awaitable<response> try_question(api_call& call) {
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const std::string tenant = string_field(body, "tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  const std::string text = string_field(body, "text");
  if (text.empty() || text.size() > longest_question) {
    co_return error_reply(call.req, http::status::bad_request, "invalid",
                          "試す質問を入力してください（2000文字まで）。", "text");
  }
  const auto snapshot = call.services.knowledge.current();
  const nlohmann::json decided =
      co_await webhook::run_on(call.services.compute, [&snapshot, &tenant, &text] {
        bot::message question;
        question.text = text;
        const bot::decision d = bot::decide(*snapshot, tenant, question, {});
        nlohmann::json json = webhook::decision_to_json(tenant, text, d);
        // Which words matched where: what staff read to choose the example question to add.
        json["explain"] = webhook::explanations_to_json(*snapshot, tenant, text, d);
        return json;
      });
  co_return json_reply(call.req, decided);
}

}  // namespace madoguchi::admin::api
