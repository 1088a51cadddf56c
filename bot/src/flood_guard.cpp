#include "madoguchi/bot/flood_guard.hpp"

#include <algorithm>
#include <iterator>

namespace madoguchi::bot {

flood_verdict flood_guard::check(const std::string& person, std::chrono::sys_seconds now) {
  // A sweep costs one step per person tracked: at most once per as many checks, so that each
  // check costs O(1) on average however many people write.
  if (++checks_since_sweep_ >= std::max<std::size_t>(1024, people_.size())) {
    forget_idle(now);
  }
  history& h = people_[person];
  h.recent.erase(h.recent.begin(),
                 std::find_if(h.recent.begin(), h.recent.end(), [&](std::chrono::sys_seconds t) {
                   return now - t < options_.window;
                 }));
  if (h.recent.size() < options_.burst) {
    h.warned = false;
    h.recent.push_back(now);
    return flood_verdict::answer;
  }
  // Over the limit: not counted, so that the person is answered again one window after the
  // burst, however long they keep writing.
  if (h.warned) {
    return flood_verdict::ignore;
  }
  h.warned = true;
  return flood_verdict::warn;
}

void flood_guard::forget_idle(std::chrono::sys_seconds now) {
  checks_since_sweep_ = 0;
  for (auto it = people_.begin(); it != people_.end();) {
    const bool idle =
        it->second.recent.empty() || now - it->second.recent.back() >= options_.window;
    it = idle ? people_.erase(it) : std::next(it);
  }
}

reply slow_down_reply() {
  reply r;
  r.text =
      "短い時間にたくさんのメッセージをいただいたため、いったん受付を止めています。"
      "1分ほどたってから、もう一度送ってください。";
  return r;
}

}  // namespace madoguchi::bot
