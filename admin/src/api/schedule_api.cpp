// 予約公開: an admin schedules an entry's pending draft to go live at a time, or cancels it.
// The draft goes live from scheduled_publishing.cpp, run by `serve`.
#include "access.hpp"
#include "api_response.hpp"
#include "entry_view.hpp"
#include "handlers.hpp"

#include <chrono>

namespace madoguchi::admin::api {
namespace {

constexpr std::string_view schedule_action = "entry.schedule";
constexpr std::string_view unschedule_action = "entry.unschedule";
constexpr std::int64_t furthest_ahead = 366 * 24 * 60 * 60;  // a year, a leap day included

response invalid_time(const request& req, std::string_view message) {
  return error_reply(req, http::status::bad_request, "invalid", message, "at");
}

}  // namespace

net::awaitable<response> schedule_entry(api_call& call) {
  const std::string tenant = call.query_value("tenant");
  if (auto refusal = co_await check_tenant(call, tenant)) {
    co_return std::move(*refusal);
  }
  auto parsed = json_body(call.req);
  if (auto* refusal = std::get_if<response>(&parsed)) {
    co_return std::move(*refusal);
  }
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  const auto sent = body.find("at");
  if (sent == body.end() || !(sent->is_null() || sent->is_number_integer())) {
    co_return invalid_time(
        call.req,
        "公開する日時（at）を1970年からの秒数で送ってください。予約を取り消すときは "
        "null です。");
  }
  std::optional<std::int64_t> at;
  if (!sent->is_null()) {
    at = sent->get<std::int64_t>();
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    if (*at <= now) {
      co_return invalid_time(call.req, "公開する日時は、いまより後にしてください。");
    }
    if (*at > now + furthest_ahead) {
      co_return invalid_time(call.req, "予約できるのは1年先までです。日時を選び直してください。");
    }
  }
  store::editorial& editorial = call.services.db.editorial();
  const std::string& id = call.params.at(0);
  const std::string& author = call.caller.username;
  const applied_edit edit = co_await apply_edit(
      call, at ? schedule_action : unschedule_action, tenant, id,
      [&editorial, &tenant, &id, at, &author] {
        return editorial.schedule(tenant, id, at, author);
      },
      false);
  co_return edit_reply(call.req, edit);
}

}  // namespace madoguchi::admin::api
