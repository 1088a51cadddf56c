// File: entry.hpp
//
// The knowledge-base model: tenants (municipalities) and the entries each one answers with.
// Plain data; every component may use it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace madoguchi::knowledge {

// A municipality whose accounts madoguchi answers for.
struct tenant {
  std::string id;    // stable, e.g. "osaka-pref"
  std::string name;  // e.g. 大阪府
  auto operator<=>(const tenant&) const = default;
};

struct link {
  std::string label;  // button title, e.g. 申し込みページ
  std::string url;    // is_web_link
  auto operator<=>(const link&) const = default;
};

// One answer of one tenant. Entries are per tenant: staff of one city edit their own copy.
struct entry {
  std::string tenant;                  // tenant id
  std::string id;                      // stable across versions, e.g. "osaka-boost-seminar"
  std::string title;                   // what staff see in lists; also a search field
  std::vector<std::string> questions;  // example questions, one per element
  std::string answer;                  // the reply text
  std::vector<link> links;             // seminar / registration / help links
  std::vector<std::string> keywords;   // extra search terms
  std::optional<std::chrono::year_month_day> valid_from, valid_until;
  std::optional<std::chrono::year_month_day> event_start, event_end;
  std::optional<std::chrono::year_month_day> apply_until;  // the last day to register
  std::string source;  // where the facts come from (seed file, city page)
  auto operator<=>(const entry&) const = default;
};

// The ids the conversation logic treats specially.
namespace well_known {
inline constexpr const char* crisis_self_harm = "crisis-self-harm";
inline constexpr const char* crisis_abuse = "crisis-abuse";
inline constexpr const char* human_handoff = "human-handoff";
inline constexpr const char* about_bot = "about-bot";  // what the account answers
}  // namespace well_known

// True for an absolute http(s) address with a host and no spaces, control characters or
// backslashes: the only links an entry may hold (no javascript:, data:, relative paths).
bool is_web_link(std::string_view url);

// Parses "YYYY-MM-DD"; nullopt for anything else (including impossible dates).
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

// Formats as "YYYY-MM-DD".
std::string format_date(std::chrono::year_month_day date);

// The first and last day of the entry's event (a one-day event may give either date alone), or
// nullopt for an entry that is no event.
std::optional<std::pair<std::chrono::year_month_day, std::chrono::year_month_day>> event_days(
    const entry& e);

}  // namespace madoguchi::knowledge
