// Group commit of the pipeline's writes: concurrent writes share transactions, a write that
// throws undoes only its own changes and reaches only its own caller, and a failed commit fails
// every caller of that transaction and keeps none of its changes.
#include "madoguchi/webhook/write_batcher.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <filesystem>
#include <future>
#include <stdexcept>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;

// The real SQLite database, counting its outermost transactions and able to fail their commit.
class counting_database final : public store::database {
 public:
  explicit counting_database(store::database& inner) : inner_(inner) {}
  store::knowledge_repository& knowledge() override { return inner_.knowledge(); }
  store::journal& inbound() override { return inner_.inbound(); }
  store::conversations& conversations() override { return inner_.conversations(); }
  store::editorial& editorial() override { return inner_.editorial(); }
  store::staff_directory& staff() override { return inner_.staff(); }
  store::audit_log& audit() override { return inner_.audit(); }
  store::unanswered_log& unanswered() override { return inner_.unanswered(); }
  store::outbox& outbox() override { return inner_.outbox(); }
  store::privacy& privacy() override { return inner_.privacy(); }
  void in_transaction(const std::function<void()>& work, store::durability level) override {
    const bool outermost = depth_++ == 0;
    try {
      inner_.in_transaction(
          [&] {
            work();
            if (outermost && fail_commit) {
              throw std::runtime_error("disk I/O error");
            }
          },
          level);
    } catch (...) {
      --depth_;
      throw;
    }
    --depth_;
    if (outermost) {
      ++transactions;
      synced += level == store::durability::power_loss ? 1 : 0;
    }
  }
  void backup_to(const std::string& path) override { inner_.backup_to(path); }
  std::int64_t others_changes() override { return inner_.others_changes(); }
  bool ping() override { return inner_.ping(); }

  int transactions = 0;  // committed; storage thread only
  int synced = 0;
  std::atomic<bool> fail_commit{false};

 private:
  store::database& inner_;
  int depth_ = 0;
};

store::inbound_event event(int i) {
  static int next = 0;  // every call journals a new event
  return {"messenger", "m" + std::to_string(i) + "_" + std::to_string(next++), "osaka-pref", "{}"};
}

class write_batcher_test : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("write_batcher_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    db_ = store::open_sqlite({.path = path_.string()});
    counting_ = std::make_unique<counting_database>(*db_);
  }
  void TearDown() override {
    counting_.reset();
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  // `writes` concurrent writes from 4 threads, write i completing journaled event i (and then
  // throwing when `throws(i)`). Returns which callers saw an exception.
  std::vector<bool> write_concurrently(int writes, const std::function<bool(int)>& throws,
                                       store::durability level) {
    std::vector<store::inbound_event> events;
    for (int i = 0; i < writes; ++i) {
      events.push_back(event(i));
    }
    const auto ids = db_->inbound().append(events).value();
    net::thread_pool storage(1);
    net::thread_pool callers(4);
    write_batcher batcher(*counting_, storage.get_executor());
    std::vector<std::future<void>> futures;
    for (int i = 0; i < writes; ++i) {
      auto work = [this, id = *ids[static_cast<std::size_t>(i)], i, &throws] {
        ASSERT_TRUE(counting_->inbound().complete(id, "replied"));
        if (throws(i)) {
          throw std::runtime_error("refused");
        }
      };
      futures.push_back(
          net::co_spawn(callers, batcher.write(std::move(work), level), net::use_future));
    }
    std::vector<bool> failed;
    for (auto& f : futures) {
      try {
        f.get();
        failed.push_back(false);
      } catch (const std::exception&) {
        failed.push_back(true);
      }
    }
    callers.join();
    storage.join();
    return failed;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::database> db_;
  std::unique_ptr<counting_database> counting_;
};

TEST_F(write_batcher_test, concurrent_writes_share_transactions) {
  const auto failed = write_concurrently(
      200, [](int) { return false; }, store::durability::process_crash);
  EXPECT_EQ(std::count(failed.begin(), failed.end(), true), 0);
  EXPECT_TRUE(db_->inbound().pending().empty());
  EXPECT_LT(counting_->transactions, 200);  // grouped: not one commit per write
  EXPECT_GE(counting_->transactions, 1);
  EXPECT_EQ(counting_->synced, 0);  // none asked to wait for the disk
}

TEST_F(write_batcher_test, a_write_that_asks_for_the_disk_gets_it) {
  write_concurrently(
      3, [](int) { return false; }, store::durability::power_loss);
  EXPECT_EQ(counting_->synced, counting_->transactions);
}

TEST_F(write_batcher_test, a_failing_write_undoes_only_itself) {
  const auto failed = write_concurrently(
      60, [](int i) { return i % 3 == 0; }, store::durability::process_crash);
  for (int i = 0; i < 60; ++i) {
    EXPECT_EQ(failed[static_cast<std::size_t>(i)], i % 3 == 0) << i;
  }
  EXPECT_EQ(db_->inbound().pending().size(), 20u);  // the failed writes' completions undone
}

TEST_F(write_batcher_test, a_failed_commit_fails_every_caller_and_keeps_nothing) {
  counting_->fail_commit = true;
  const auto failed = write_concurrently(
      30, [](int) { return false; }, store::durability::process_crash);
  EXPECT_EQ(std::count(failed.begin(), failed.end(), true), 30);
  EXPECT_EQ(db_->inbound().pending().size(), 30u);
  counting_->fail_commit = false;
  EXPECT_EQ(write_concurrently(
                1, [](int) { return false; }, store::durability::process_crash),
            std::vector<bool>{false});
}

}  // namespace
}  // namespace madoguchi::webhook
