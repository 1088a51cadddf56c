#include "japan_time.hpp"

#include <chrono>
#include <cstdio>

namespace madoguchi::app {

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

}  // namespace madoguchi::app
