// Growing waits per account and the per-address failure window.
#include "madoguchi/admin/login_limits.hpp"

#include <algorithm>
#include <iterator>

namespace madoguchi::admin {

std::chrono::seconds login_delay(int failures, std::chrono::seconds first) {
  if (failures < failures_before_delay) {
    return std::chrono::seconds(0);
  }
  std::chrono::seconds delay = first;
  for (int n = failures_before_delay; n < failures && delay < longest_login_delay; ++n) {
    delay *= 2;
  }
  return std::min(delay, longest_login_delay);
}

address_limiter::address_limiter(std::size_t max_failures, std::chrono::seconds window,
                                 std::size_t max_addresses)
    : max_failures_(max_failures), window_(window.count()), max_addresses_(max_addresses) {}

std::chrono::seconds address_limiter::wait(const std::string& address, std::int64_t now) {
  const auto found = failures_.find(address);
  if (found == failures_.end()) {
    return std::chrono::seconds(0);
  }
  forget_old(found->second, now);
  if (found->second.empty()) {
    failures_.erase(found);
    return std::chrono::seconds(0);
  }
  if (found->second.size() < max_failures_) {
    return std::chrono::seconds(0);
  }
  // The next try is allowed once the oldest failure counted leaves the window.
  return std::chrono::seconds(std::max<std::int64_t>(1, found->second.front() + window_ - now));
}

void address_limiter::record_failure(const std::string& address, std::int64_t now) {
  auto found = failures_.find(address);
  if (found == failures_.end()) {
    make_room(now);
    found = failures_.emplace(address, std::deque<std::int64_t>()).first;
  }
  forget_old(found->second, now);
  found->second.push_back(now);
  while (found->second.size() > max_failures_) {
    found->second.pop_front();
  }
}

void address_limiter::forget_old(std::deque<std::int64_t>& times, std::int64_t now) const {
  while (!times.empty() && times.front() + window_ <= now) {
    times.pop_front();
  }
}

void address_limiter::make_room(std::int64_t now) {
  if (failures_.size() < max_addresses_) {
    return;
  }
  for (auto it = failures_.begin(); it != failures_.end();) {
    forget_old(it->second, now);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  if (failures_.size() < max_addresses_) {
    return;
  }
  const auto stalest = std::min_element(
      failures_.begin(), failures_.end(),
      [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
  failures_.erase(stalest);
}

std::int64_t unknown_name_limiter::locked_until(const std::string& name) const {
  const auto found = names_.find(name);
  return found == names_.end() ? 0 : found->second.locked_until;
}

std::int64_t unknown_name_limiter::record_failure(const std::string& name, std::int64_t now,
                                                  std::chrono::seconds first_delay) {
  auto found = names_.find(name);
  if (found == names_.end()) {
    if (names_.size() >= max_names_) {
      names_.erase(std::min_element(names_.begin(), names_.end(), [](const auto& a, const auto& b) {
        return a.second.last < b.second.last;
      }));
    }
    found = names_.emplace(name, failures{}).first;
  }
  failures& f = found->second;
  f.last = now;
  const std::chrono::seconds delay = login_delay(++f.in_a_row, first_delay);
  f.locked_until = delay.count() > 0 ? now + delay.count() : 0;
  return f.locked_until;
}

}  // namespace madoguchi::admin
