#include "madoguchi/webhook/delivery_policy.hpp"

#include "../json_fields.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <ctime>

namespace madoguchi::webhook {
namespace {

using namespace std::chrono;

bool is_any_of(std::int64_t code, std::initializer_list<std::int64_t> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate, the form RFC 9110 requires senders to use).
std::optional<system_clock::time_point> parse_http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(25) != " GMT" || text[3] != ',') {
    return std::nullopt;
  }
  auto number = [&text](std::size_t at, std::size_t length) -> std::optional<int> {
    int value = 0;
    const auto* first = text.data() + at;
    const auto [end, ec] = std::from_chars(first, first + length, value);
    if (ec != std::errc() || end != first + length) {
      return std::nullopt;
    }
    return value;
  };
  const auto month = std::find(months.begin(), months.end(), text.substr(8, 3));
  const auto day = number(5, 2), year = number(12, 4), hour = number(17, 2), minute = number(20, 2),
             second = number(23, 2);
  if (month == months.end() || !day || !year || !hour || !minute || !second) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year(*year),
                            std::chrono::month(static_cast<unsigned>(month - months.begin() + 1)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  return sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second);
}

}  // namespace

classified classify_meta(unsigned status, std::string_view body) {
  using namespace json_fields;
  if (status / 100 == 2) {
    return {send_verdict::sent, false};
  }
  const json document = json::parse(body, nullptr, false);
  const std::int64_t code = integer_of(member(document, "error"), "code");
  // Temporary by Meta's own description: unknown, service, rate limits, "temporary send failure".
  if (is_any_of(code, {1, 2, 4, 17, 32, 613, 1200})) {
    return {send_verdict::retry, code == 1 || code == 2 || code == 1200};
  }
  // Token, permission, parameter (incl. no matching user), person unavailable: never succeeds.
  if (code == 190 || code == 10 || (code >= 200 && code <= 299) || code == 100 || code == 551) {
    return {send_verdict::give_up, false};
  }
  if (status == 429) {
    return {send_verdict::retry, false};
  }
  if (status >= 500) {
    return {send_verdict::retry, true};
  }
  return {send_verdict::give_up, false};
}

classified classify_line(unsigned status) {
  if (status / 100 == 2 || status == 409) {
    return {send_verdict::sent, false};
  }
  if (status == 429) {
    return {send_verdict::retry, false};
  }
  if (status >= 500) {
    return {send_verdict::retry, true};
  }
  return {send_verdict::give_up, false};  // LINE: retry only on 5xx and timeouts
}

classified classify_io_failure() {
  return {send_verdict::retry, true};
}

milliseconds backoff_delay(int attempt, const retry_options& options, double unit) {
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const double ceiling =
      std::min(static_cast<double>(options.cap.count()),
               static_cast<double>(options.base.count()) * std::ldexp(1.0, doublings));
  return milliseconds(static_cast<std::int64_t>(std::clamp(unit, 0.0, 1.0) * ceiling));
}

std::optional<seconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') {
    value.remove_prefix(1);
  }
  while (!value.empty() && value.back() == ' ') {
    value.remove_suffix(1);
  }
  if (value.empty()) {
    return std::nullopt;
  }
  std::int64_t delay = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), delay);
  if (ec == std::errc() && end == value.data() + value.size()) {
    return delay < 0 ? std::nullopt : std::optional(seconds(delay));
  }
  const auto date = parse_http_date(value);
  if (!date) {
    return std::nullopt;
  }
  return std::max(seconds(0), ceil<seconds>(*date - now));
}

milliseconds next_delay(int attempt, const retry_options& options, double unit,
                        std::optional<seconds> retry_after) {
  const milliseconds jittered = backoff_delay(attempt, options, unit);
  if (!retry_after) {
    return jittered;
  }
  return std::max(jittered, milliseconds(std::min(*retry_after, options.retry_after_cap)));
}

bool circuit_breaker::allow(time_point now) {
  switch (state_) {
    case state::closed: return true;
    case state::open:
      if (now - opened_at_ >= options_.breaker_cooldown) {
        state_ = state::half_open;  // this caller is the probe
        return true;
      }
      return false;
    case state::half_open: return false;
  }
  return false;
}

circuit_breaker::time_point circuit_breaker::retry_at(time_point now) const {
  if (state_ == state::open) {
    return std::max(now, opened_at_ + options_.breaker_cooldown);
  }
  return now + milliseconds(200);  // a probe is out: ask again soon
}

void circuit_breaker::record_success() {
  if (state_ == state::open) {
    return;  // a call from before the breaker opened; the probe decides
  }
  state_ = state::closed;
  failures_ = 0;
}

void circuit_breaker::record_failure(time_point now) {
  ++failures_;
  if (state_ == state::half_open || failures_ >= options_.breaker_failures) {
    state_ = state::open;
    opened_at_ = now;
  }
}

std::string_view to_string(circuit_breaker::state s) {
  switch (s) {
    case circuit_breaker::state::closed: return "closed";
    case circuit_breaker::state::open: return "open";
    case circuit_breaker::state::half_open: return "half_open";
  }
  return "closed";
}

}  // namespace madoguchi::webhook
