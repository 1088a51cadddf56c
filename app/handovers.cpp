#include "handovers.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/admin/handover_json.hpp"

#include <chrono>
#include <ostream>

namespace madoguchi::app {
namespace {

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
      out << admin::handover_to_json(c).dump() << "\n";
    } else {
      out << c.tenant << "\t" << c.channel << "\t" << admin::masked_sender(c.sender) << "\t"
          << c.reason << "\tstaff since " << japan_time(c.staff_active_at) << " JST\n";
    }
  }
  if (threads.empty() && !options.json) {
    out << "no conversations are with staff\n";
  }
  return 0;
}

}  // namespace madoguchi::app
