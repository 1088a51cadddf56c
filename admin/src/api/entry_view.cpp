// Entries as the API shows them; editorial changes with their audit rows.
#include "entry_view.hpp"

#include "access.hpp"
#include "api_response.hpp"
#include "madoguchi/admin/entry_json.hpp"

namespace madoguchi::admin::api {
namespace {

nlohmann::ordered_json optional_number(const std::optional<std::int64_t>& value) {
  return value ? nlohmann::ordered_json(*value) : nullptr;
}

}  // namespace

nlohmann::ordered_json entry_record_json(const store::entry_record& record) {
  nlohmann::ordered_json json = {{"tenant", record.content.tenant}};
  json.update(entry_to_json(record.content));
  json["status"] = store::to_string(record.status);
  json["published_version"] = optional_number(record.published_version);
  json["draft_version"] = optional_number(record.draft_version);
  json["version"] = record.latest.version;
  json["updated_by"] = record.latest.author;
  json["updated_at"] = record.latest.created_at;
  json["publish_at"] = optional_number(record.publish_at);
  json["publish_by"] = record.publish_by;
  return json;
}

response edit_error_reply(const request& req, store::edit_error error) {
  switch (error) {
    case store::edit_error::unknown_tenant: return not_found(req, "自治体");
    case store::edit_error::not_found: return not_found(req, "回答");
    case store::edit_error::already_exists:
      return error_reply(
          req, http::status::conflict, "conflict",
          "その id の回答はすでにあります。別の id にするか、一覧から開いて編集してください。",
          "id");
    case store::edit_error::no_draft:
      return error_reply(req, http::status::conflict, "conflict",
                         "公開する下書きがありません。先に編集して「下書きを保存」してください。");
    case store::edit_error::unknown_version:
      return error_reply(req, http::status::bad_request, "invalid",
                         "その版はありません。履歴から版を選び直してください。", "version");
    case store::edit_error::not_published:
      return error_reply(
          req, http::status::conflict, "conflict",
          "この回答はいま公開されていません。公開停止は公開中の回答にだけできます。");
  }
  return not_found(req, "回答");
}

net::awaitable<applied_edit> apply_edit(api_call& call, std::string_view action,
                                        const std::string& tenant, const std::string& id,
                                        std::function<store::edit_result()> change,
                                        bool goes_live) {
  store::database& db = call.services.db;
  const store::audit_record row = audit_row(call, action, tenant, id, {}, {});
  applied_edit edit = co_await on_storage(call, [&db, &row, &tenant, &id, &change] {
    applied_edit done;
    db.in_transaction([&] {
      done.result = change();
      if (!done.result) {
        return;
      }
      // Whatever was written is audited, even when the content is the same as before (a
      // rollback to the live version supersedes a pending draft).
      if (done.result.changed) {
        store::audit_record written = row;
        written.before = audit_row_entry_text(done.result.before);
        written.after = audit_row_entry_text(done.result.after);
        db.audit().append(written);
      }
      done.record = db.editorial().find(tenant, id);
    });
    return done;
  });
  if (goes_live && edit.result) {
    co_await call.services.refresher.refresh();
  }
  co_return edit;
}

response edit_reply(const request& req, const applied_edit& edit, http::status success) {
  if (!edit.result) {
    return edit_error_reply(req, *edit.result.error);
  }
  if (!edit.record) {
    return not_found(req, "回答");
  }
  return json_reply(req, entry_record_json(*edit.record), success);
}

}  // namespace madoguchi::admin::api
