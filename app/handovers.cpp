#include "handovers.hpp"

#include "knowledge_base.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>

namespace madoguchi::app {
namespace {

// Enough for staff to tell threads apart; not enough to identify the person.
std::string masked(const std::string& sender) {
  return sender.size() <= 4 ? std::string("…") : "…" + sender.substr(sender.size() - 4);
}

// "2026-12-01 09:30" in Japan (UTC+9, no daylight saving time).
std::string japan_time(std::int64_t seconds) {
  using namespace std::chrono;
  const sys_seconds local{std::chrono::seconds(seconds) + hours(9)};
  const auto day = floor<days>(local);
  const year_month_day date(day);
  const hh_mm_ss time(local - day);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
  return text;
}

}  // namespace

int run_handovers(const cli_options& options, const app_config& config, std::ostream& out) {
  const auto db = open_database(config);
  const auto threads = db->conversations().with_staff(options.tenant);
  for (const store::conversation& c : threads) {
    if (options.json) {
      out << nlohmann::json{{"tenant", c.tenant},
                            {"channel", c.channel},
                            {"person", masked(c.sender)},
                            {"reason", c.reason},
                            {"staff_active_at", c.staff_active_at},
                            {"updated_at", c.updated_at}}
                 .dump()
          << "\n";
    } else {
      out << c.tenant << "\t" << c.channel << "\t" << masked(c.sender) << "\t" << c.reason
          << "\tstaff since " << japan_time(c.staff_active_at) << " JST\n";
    }
  }
  if (threads.empty() && !options.json) {
    out << "no conversations are with staff\n";
  }
  return 0;
}

}  // namespace madoguchi::app
