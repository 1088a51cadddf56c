// Times as staff in Japan read them in command output.
#pragma once

#include <cstdint>
#include <string>

namespace madoguchi::app {

// "2026-12-01 09:30" for `seconds` since the epoch, in Japan (UTC+9, no daylight saving time).
std::string japan_time(std::int64_t seconds);

}  // namespace madoguchi::app
