// Knowledge entries as JSON, and reading them back from what staff sent.
#include "madoguchi/admin/entry_json.hpp"

#include <algorithm>
#include <array>

namespace madoguchi::admin {
namespace {

using json = nlohmann::json;

nlohmann::ordered_json date_json(const std::optional<std::chrono::year_month_day>& date) {
  return date ? nlohmann::ordered_json(knowledge::format_date(*date)) : nullptr;
}

constexpr std::array<std::string_view, 8> read_only_keys = {
    "status",     "published_version", "draft_version", "version",
    "updated_by", "updated_at",        "publish_at",    "publish_by"};

constexpr std::array<std::string_view, 13> entry_keys = {
    "tenant",     "id",          "title",       "questions", "answer",      "links", "keywords",
    "valid_from", "valid_until", "event_start", "event_end", "apply_until", "source"};

bool is_id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Reads the optional string `key`; a problem when it is present but not a string.
std::optional<entry_problem> read_string(const json& object, std::string_view key,
                                         std::string& out) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    return std::nullopt;
  }
  if (!found->is_string()) {
    return entry_problem{std::string(key), std::string(key) + " は文字列で送ってください。"};
  }
  out = found->get<std::string>();
  return std::nullopt;
}

// Reads the optional array of strings `key`, dropping empty lines.
std::optional<entry_problem> read_strings(const json& object, std::string_view key,
                                          std::vector<std::string>& out) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    return std::nullopt;
  }
  const std::string name(key);
  if (!found->is_array()) {
    return entry_problem{name, name + " は文字列の配列で送ってください。"};
  }
  for (std::size_t i = 0; i < found->size(); ++i) {
    const json& item = (*found)[i];
    if (!item.is_string()) {
      return entry_problem{name + "[" + std::to_string(i) + "]",
                           name + " の" + std::to_string(i + 1) + "番目が文字列ではありません。"};
    }
    if (!item.get_ref<const std::string&>().empty()) {
      out.push_back(item.get<std::string>());
    }
  }
  return std::nullopt;
}

std::optional<entry_problem> read_date(const json& object, std::string_view key,
                                       std::optional<std::chrono::year_month_day>& out) {
  std::string text;
  if (auto problem = read_string(object, key, text)) {
    return problem;
  }
  if (text.empty()) {
    return std::nullopt;
  }
  out = knowledge::parse_date(text);
  if (!out) {
    return entry_problem{std::string(key), "日付「" + text +
                                               "」が読めません。2025-06-01 のように "
                                               "年-月-日 で入力してください。"};
  }
  return std::nullopt;
}

std::optional<entry_problem> read_links(const json& object, std::vector<knowledge::link>& out) {
  const auto found = object.find("links");
  if (found == object.end() || found->is_null()) {
    return std::nullopt;
  }
  if (!found->is_array()) {
    return entry_problem{"links", "links は {\"label\",\"url\"} の配列で送ってください。"};
  }
  for (std::size_t i = 0; i < found->size(); ++i) {
    const json& item = (*found)[i];
    const std::string at = "links[" + std::to_string(i) + "]";
    const std::string nth = "リンクの" + std::to_string(i + 1) + "番目";
    if (!item.is_object()) {
      return entry_problem{at, nth + "が {\"label\",\"url\"} の形ではありません。"};
    }
    knowledge::link l;
    if (auto problem = read_string(item, "label", l.label)) {
      return entry_problem{at + ".label", problem->message};
    }
    if (auto problem = read_string(item, "url", l.url)) {
      return entry_problem{at + ".url", problem->message};
    }
    if (l.label.empty() && l.url.empty()) {
      continue;  // an empty row of the form
    }
    if (l.label.empty()) {
      return entry_problem{at + ".label",
                           nth + "にボタンの文言（例：申し込みページ）を入れてください。"};
    }
    if (!knowledge::is_web_link(l.url)) {
      return entry_problem{at + ".url", nth +
                                            "の URL は https://（または http://）で始まる Web "
                                            "アドレス（例：https://www.city.example.jp/…）にして"
                                            "ください。"};
    }
    out.push_back(std::move(l));
  }
  return std::nullopt;
}

std::optional<entry_problem> check_order(const std::optional<std::chrono::year_month_day>& from,
                                         const std::optional<std::chrono::year_month_day>& until,
                                         std::string_view until_key, std::string_view what) {
  if (from && until && *until < *from) {
    return entry_problem{std::string(until_key),
                         std::string(what) + "の終わりが始まりより前になっています。"};
  }
  return std::nullopt;
}

// Registration that closes after the event has ended means one of the two dates is mistyped.
std::optional<entry_problem> check_registration_closes_in_time(const knowledge::entry& e) {
  const auto days = knowledge::event_days(e);
  if (e.apply_until && days && days->second < *e.apply_until) {
    return entry_problem{"apply_until", "申込締切（" + knowledge::format_date(*e.apply_until) +
                                            "）が開催日の終わり（" +
                                            knowledge::format_date(days->second) +
                                            "）より後になっています。申込締切を開催日の終わり"
                                            "までの日にするか、開催日を直してください。"};
  }
  return std::nullopt;
}

std::optional<entry_problem> read_entry(const json& object, std::string_view tenant,
                                        knowledge::entry& e) {
  if (!object.is_object()) {
    return entry_problem{"", "回答は JSON のオブジェクトで送ってください。"};
  }
  for (const auto& [key, value] : object.items()) {
    const bool known = std::find(entry_keys.begin(), entry_keys.end(), key) != entry_keys.end();
    if (!known && !is_read_only_entry_key(key)) {
      return entry_problem{key,
                           "「" + key + "」という項目はありません。項目名を確認してください。"};
    }
  }
  std::string sent_tenant;
  if (auto problem = read_string(object, "tenant", sent_tenant)) {
    return problem;
  }
  if (!sent_tenant.empty() && sent_tenant != tenant) {
    return entry_problem{"tenant",
                         "tenant が URL の自治体（" + std::string(tenant) +
                             "）と違います。別の自治体の回答は、その自治体で開いてください。"};
  }
  e.tenant = std::string(tenant);
  std::optional<entry_problem> problem;
  if ((problem = read_string(object, "id", e.id)) ||
      (problem = read_string(object, "title", e.title)) ||
      (problem = read_strings(object, "questions", e.questions)) ||
      (problem = read_string(object, "answer", e.answer)) ||
      (problem = read_links(object, e.links)) ||
      (problem = read_strings(object, "keywords", e.keywords)) ||
      (problem = read_date(object, "valid_from", e.valid_from)) ||
      (problem = read_date(object, "valid_until", e.valid_until)) ||
      (problem = read_date(object, "event_start", e.event_start)) ||
      (problem = read_date(object, "event_end", e.event_end)) ||
      (problem = read_date(object, "apply_until", e.apply_until)) ||
      (problem = read_string(object, "source", e.source))) {
    return problem;
  }
  if (e.id.empty() || e.id.size() > 64 || !std::all_of(e.id.begin(), e.id.end(), is_id_character)) {
    return entry_problem{
        "id", "id は 1〜64 文字の半角英数字と . _ - で付けてください（例：seminar-2026-06）。"};
  }
  if (e.answer.empty()) {
    return entry_problem{"answer", "回答の本文を入力してください。"};
  }
  if (e.title.empty() && e.questions.empty()) {
    return entry_problem{"title", "タイトルか、質問の例を1つ以上入力してください。"};
  }
  if ((problem = check_order(e.valid_from, e.valid_until, "valid_until", "掲載期間")) ||
      (problem = check_order(e.event_start, e.event_end, "event_end", "開催日")) ||
      (problem = check_registration_closes_in_time(e))) {
    return problem;
  }
  return std::nullopt;
}

}  // namespace

nlohmann::ordered_json entry_to_json(const knowledge::entry& e) {
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (const knowledge::link& l : e.links) {
    links.push_back({{"label", l.label}, {"url", l.url}});
  }
  return {{"id", e.id},
          {"title", e.title},
          {"questions", e.questions},
          {"answer", e.answer},
          {"links", std::move(links)},
          {"keywords", e.keywords},
          {"valid_from", date_json(e.valid_from)},
          {"valid_until", date_json(e.valid_until)},
          {"event_start", date_json(e.event_start)},
          {"event_end", date_json(e.event_end)},
          {"apply_until", date_json(e.apply_until)},
          {"source", e.source}};
}

nlohmann::ordered_json entries_to_json(const std::vector<knowledge::entry>& entries) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const knowledge::entry& e : entries) {
    array.push_back(entry_to_json(e));
  }
  return array;
}

nlohmann::json import_counts_to_json(const store::import_counts& counts) {
  return {{"added", counts.added},
          {"updated", counts.updated},
          {"unchanged", counts.unchanged},
          {"retired", counts.retired}};
}

nlohmann::ordered_json import_plan_to_json(const knowledge::import_plan& plan) {
  nlohmann::ordered_json updated = nlohmann::ordered_json::array();
  for (const knowledge::entry_change& change : plan.updated) {
    updated.push_back(
        {{"before", entry_to_json(change.before)}, {"after", entry_to_json(change.after)}});
  }
  return {{"counts",
           {{"added", plan.added.size()},
            {"updated", plan.updated.size()},
            {"unchanged", plan.unchanged},
            {"retired", plan.retired.size()}}},
          {"added", entries_to_json(plan.added)},
          {"updated", std::move(updated)},
          {"retired", entries_to_json(plan.retired)}};
}

bool is_read_only_entry_key(std::string_view key) {
  return std::find(read_only_keys.begin(), read_only_keys.end(), key) != read_only_keys.end();
}

std::variant<knowledge::entry, entry_problem> entry_from_json(const nlohmann::json& object,
                                                              std::string_view tenant) {
  knowledge::entry e;
  if (auto problem = read_entry(object, tenant, e)) {
    return *std::move(problem);
  }
  return e;
}

}  // namespace madoguchi::admin
