// Group commit: concurrent appends share transactions (fewer than one per request), each caller
// gets its own ids, a duplicate within a group is journaled once, and a storage error fails the
// callers of that group only.
#include "madoguchi/webhook/journal_writer.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;

// The real SQLite journal, counting its transactions (one per append call).
class counting_journal final : public store::journal {
 public:
  explicit counting_journal(store::journal& inner) : inner_(inner) {}
  boost::system::result<std::vector<std::optional<std::int64_t>>> append(
      const std::vector<store::inbound_event>& events) override {
    ++transactions;
    if (fail) {
      return boost::system::error_code(ENOSPC, boost::system::generic_category());
    }
    return inner_.append(events);
  }
  std::vector<store::journaled_event> pending(std::size_t limit) override {
    return inner_.pending(limit);
  }
  std::int64_t pending_count() override { return inner_.pending_count(); }
  boost::system::error_code probe_write() override { return inner_.probe_write(); }
  bool complete(std::int64_t id, std::string_view outcome) override {
    return inner_.complete(id, outcome);
  }
  void record_delivery(std::int64_t id, std::string_view outcome) override {
    inner_.record_delivery(id, outcome);
  }
  std::atomic<int> transactions{0};
  std::atomic<bool> fail{false};

 private:
  store::journal& inner_;
};

class journal_writer_test : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("journal_writer_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    db_ = store::open_sqlite({.path = path_.string()});
    journal_ = std::make_unique<counting_journal>(db_->inbound());
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  // `requests` concurrent appends of one event each (keys from `key`), from 4 request threads.
  std::vector<journal_writer::appended> append_concurrently(
      int requests, const std::function<std::string(int)>& key) {
    net::thread_pool storage(1);
    net::thread_pool request_threads(4);
    journal_writer writer(*journal_, storage.get_executor());
    std::vector<std::future<journal_writer::appended>> futures;
    for (int i = 0; i < requests; ++i) {
      std::vector<store::inbound_event> events = {{"messenger", key(i), "osaka-pref", "{}"}};
      futures.push_back(
          net::co_spawn(request_threads, writer.append(std::move(events)), net::use_future));
    }
    std::vector<journal_writer::appended> results;
    for (auto& f : futures) {
      results.push_back(f.get());
    }
    request_threads.join();
    storage.join();
    return results;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::database> db_;
  std::unique_ptr<counting_journal> journal_;
};

TEST_F(journal_writer_test, concurrent_requests_share_commits_and_each_gets_its_own_id) {
  const auto results = append_concurrently(200, [](int i) { return "m" + std::to_string(i); });
  std::set<std::int64_t> ids;
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->size(), 1u);
    ASSERT_TRUE(r->front().has_value());
    ids.insert(*r->front());
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(db_->inbound().pending().size(), 200u);
  EXPECT_LT(journal_->transactions.load(), 200);  // grouped: not one fsync per request
  EXPECT_GE(journal_->transactions.load(), 1);
}

TEST_F(journal_writer_test, the_same_event_sent_ten_times_at_once_is_journaled_once) {
  const auto results = append_concurrently(10, [](int) { return std::string("m_same"); });
  int fresh = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value());  // every copy is acknowledged
    fresh += r->front().has_value() ? 1 : 0;
  }
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(db_->inbound().pending().size(), 1u);
}

TEST_F(journal_writer_test, a_storage_error_fails_the_callers_and_journals_nothing) {
  journal_->fail = true;
  const auto results = append_concurrently(20, [](int i) { return "m" + std::to_string(i); });
  for (const auto& r : results) {
    EXPECT_FALSE(r.has_value());
  }
  EXPECT_TRUE(db_->inbound().pending().empty());
  journal_->fail = false;
  EXPECT_TRUE(append_concurrently(1, [](int) { return std::string("m_after"); })[0].has_value());
}

}  // namespace
}  // namespace madoguchi::webhook
