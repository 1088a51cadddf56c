// Knowledge entries as JSON.
#include "entries_json.hpp"

namespace madoguchi::app {
namespace {

nlohmann::ordered_json date_json(const std::optional<std::chrono::year_month_day>& date) {
  return date ? nlohmann::ordered_json(knowledge::format_date(*date)) : nullptr;
}

}  // namespace

nlohmann::ordered_json entries_to_json(const std::vector<knowledge::entry>& entries) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const knowledge::entry& e : entries) {
    nlohmann::ordered_json links = nlohmann::ordered_json::array();
    for (const knowledge::link& l : e.links) {
      links.push_back({{"label", l.label}, {"url", l.url}});
    }
    array.push_back({{"id", e.id},
                     {"title", e.title},
                     {"questions", e.questions},
                     {"answer", e.answer},
                     {"links", std::move(links)},
                     {"keywords", e.keywords},
                     {"valid_from", date_json(e.valid_from)},
                     {"valid_until", date_json(e.valid_until)},
                     {"event_start", date_json(e.event_start)},
                     {"event_end", date_json(e.event_end)},
                     {"source", e.source}});
  }
  return array;
}

}  // namespace madoguchi::app
