// A platform delivery for testing the reply pipeline without sockets: plan() turns a reply into
// one outbox message whose body names the question it answers; send() waits a little (so that
// conversations interleave), can refuse a message's first attempts, and records what was sent.
// Called on the pipeline's delivery strand; read from the test's thread.
#pragma once

#include "madoguchi/webhook/delivery.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace madoguchi::testing {

struct sent_message {
  std::string recipient;
  std::string question;  // the text of the message the reply answers
  std::string answer;
};

class fake_delivery final : public webhook::delivery {
 public:
  // Each message's first `failures` attempts are refused as temporary errors.
  explicit fake_delivery(int failures = 0) : failures_(failures) {}

  boost::asio::awaitable<bool> acknowledge(const std::string&,
                                           const webhook::channel_event&) override {
    co_return false;
  }

  std::vector<store::outbox_message> plan(const std::string& tenant,
                                          const webhook::channel_event& event,
                                          const bot::turn& t) const override {
    if (!t.reply) {
      return {};
    }
    store::outbox_message m;
    m.tenant = tenant;
    m.platform = event.platform;
    m.account_id = event.account_id;
    m.recipient = event.sender_id;
    m.kind = "messages";
    m.body = event.text + "\n" + t.reply->message.text;
    return {m};
  }

  boost::asio::awaitable<webhook::send_attempt> send(const store::outbox_message& m) override {
    boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor,
                                    std::chrono::microseconds(m.body.size() % 7 * 300));
    co_await pause.async_wait(boost::asio::use_awaitable);
    const std::lock_guard lock(mutex_);
    if (attempts_[m.id]++ < failures_) {
      co_return webhook::send_attempt{
          {webhook::send_verdict::retry, true}, {}, "HTTP 503: fake outage", std::nullopt};
    }
    const std::size_t newline = m.body.find('\n');
    sent_.push_back({m.recipient, m.body.substr(0, newline), m.body.substr(newline + 1)});
    co_return webhook::send_attempt{{webhook::send_verdict::sent, false}, "replied", {}, {}};
  }

  std::vector<sent_message> sent() const {
    const std::lock_guard lock(mutex_);
    return sent_;
  }

  // Attempts at all messages, refused ones included.
  int attempts() const {
    const std::lock_guard lock(mutex_);
    int total = 0;
    for (const auto& [id, count] : attempts_) {
      total += count;
    }
    return total;
  }

 private:
  const int failures_;
  mutable std::mutex mutex_;
  std::vector<sent_message> sent_;
  std::map<std::int64_t, int> attempts_;
};

}  // namespace madoguchi::testing
