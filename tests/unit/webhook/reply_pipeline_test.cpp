// The reply pipeline without sockets: a real SQLite file, the embedded default knowledge base, the
// real executors (two I/O threads with the delivery strand, a storage and a compute thread) and a
// fake platform delivery. Each conversation is answered in order and every event once; with room
// for two events in memory the rest wait in the journal and are all answered; a refused send is
// retried; a flood is told to wait once; events journaled before a start are answered by replay.
#include "madoguchi/webhook/reply_pipeline.hpp"
#include "fakes/fake_delivery.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/webhook/channel_event.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>
#include <future>
#include <thread>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using testing::fake_delivery;
using testing::sent_message;

std::shared_ptr<const knowledge::index> default_index() {
  static const std::shared_ptr<const knowledge::index> built = [] {
    return std::make_shared<const knowledge::index>(
        knowledge::embedded_default_content().entries,
        nlp::analyzer::create({.dictionary_dir = MADOGUCHI_DICTIONARY_DIR}));
  }();
  return built;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

channel_event text_event(const std::string& sender, const std::string& id,
                         const std::string& text) {
  channel_event e;
  e.type = channel_event::kind::text;
  e.platform = "messenger";
  e.account_id = "page-1";
  e.sender_id = sender;
  e.message_id = id;
  e.text = text;
  e.timestamp = now_ms();
  return e;
}

// The pipeline and the threads it runs on, stopped (threads joined) before it is destroyed.
class running_pipeline {
 public:
  running_pipeline(store::database& db, pipeline_options options, fake_delivery& delivery)
      : knowledge_(default_index()),
        work_(net::make_work_guard(context_)),
        pipeline_({net::make_strand(context_), compute_.get_executor(), storage_.get_executor()},
                  db, knowledge_, std::move(options), {delivery, delivery}) {
    for (int i = 0; i < 2; ++i) {
      io_threads_.emplace_back([this] { context_.run(); });
    }
  }
  ~running_pipeline() {
    work_.reset();
    context_.stop();
    for (std::thread& t : io_threads_) {
      t.join();
    }
    compute_.join();
    storage_.join();
  }

  reply_pipeline& pipeline() { return pipeline_; }
  net::any_io_executor storage() { return storage_.get_executor(); }

  // Runs `work` on the storage thread (the only one that may use the database) and returns its
  // result.
  template <class Work>
  auto on_storage(Work work) {
    // Not a std::packaged_task: Asio takes one for a completion token and keeps its future.
    std::promise<std::invoke_result_t<Work&>> promise;
    auto result = promise.get_future();
    net::post(storage_.get_executor(), [&] { promise.set_value(work()); });
    return result.get();
  }

 private:
  knowledge::index_holder knowledge_;
  net::io_context context_;
  net::thread_pool storage_{1};
  net::thread_pool compute_{1};
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::vector<std::thread> io_threads_;
  reply_pipeline pipeline_;
};

class reply_pipeline_test : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("reply_pipeline_" + std::to_string(::getpid()) + ".db");
    remove_database();
    db_ = store::open_sqlite({.path = path_.string()});
    options_.pseudonym_key = "test-key";
    options_.typing_after = 1h;  // no sender actions
    options_.retry.base = 1ms;
    options_.retry.cap = 5ms;
  }
  void TearDown() override {
    db_.reset();
    remove_database();
  }
  void remove_database() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  // Journals `events` (on the storage thread) and returns them with their ids.
  static std::vector<store::journaled_event> journal(running_pipeline& running,
                                                     const std::vector<channel_event>& events,
                                                     store::database& db) {
    return running.on_storage([&] {
      std::vector<store::inbound_event> records;
      for (const channel_event& e : events) {
        records.push_back({e.platform, e.message_id, "osaka-pref", encode_for_journal(e)});
      }
      const auto ids = db.inbound().append(records).value();
      std::vector<store::journaled_event> journaled;
      for (std::size_t i = 0; i < records.size(); ++i) {
        journaled.push_back({*ids[i], records[i]});
      }
      return journaled;
    });
  }

  static bool eventually(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  // Waits until `count` messages were sent and the journal has nothing pending.
  bool settled(running_pipeline& running, const fake_delivery& delivery, std::size_t count) {
    return eventually([&] {
      return delivery.sent().size() >= count &&
             running.on_storage([&] { return db_->inbound().pending_count(); }) == 0;
    });
  }

  std::filesystem::path path_;
  std::unique_ptr<store::database> db_;
  pipeline_options options_;
};

TEST_F(reply_pipeline_test, each_conversation_is_answered_in_order_and_every_event_once) {
  fake_delivery delivery;
  running_pipeline running(*db_, options_, delivery);
  const std::vector<std::string> people = {"P1", "P2", "P3"};
  for (int i = 0; i < 8; ++i) {
    for (const std::string& person : people) {
      const std::string id = person + "-" + std::to_string(i);
      // One request per event, as the platforms send them.
      running.pipeline().submit(
          journal(running, {text_event(person, id, "セミナーの申し込み " + id)}, *db_));
    }
  }
  ASSERT_TRUE(settled(running, delivery, 24));
  const std::vector<sent_message> sent = delivery.sent();
  ASSERT_EQ(sent.size(), 24u);
  std::map<std::string, int> next;  // per person: the number of the next question expected
  for (const sent_message& m : sent) {
    EXPECT_EQ(m.question,
              "セミナーの申し込み " + m.recipient + "-" + std::to_string(next[m.recipient]++))
        << "answered out of order";
    EXPECT_FALSE(m.answer.empty());
  }
  EXPECT_TRUE(running.on_storage([&] { return db_->outbox().pending(); }).empty());
}

TEST_F(reply_pipeline_test,
       with_room_for_two_events_the_rest_wait_in_the_journal_and_all_are_answered_once) {
  options_.max_unfinished = 2;
  fake_delivery delivery;
  running_pipeline running(*db_, options_, delivery);
  std::vector<channel_event> events;
  for (int i = 0; i < 40; ++i) {
    events.push_back(text_event("S" + std::to_string(i), "m" + std::to_string(i),
                                "セミナーはいつですか " + std::to_string(i)));
  }
  running.pipeline().submit(journal(running, events, *db_));
  ASSERT_TRUE(settled(running, delivery, 40));
  std::map<std::string, int> answers;
  for (const sent_message& m : delivery.sent()) {
    ++answers[m.question];
  }
  ASSERT_EQ(answers.size(), 40u);
  for (const auto& [question, times] : answers) {
    EXPECT_EQ(times, 1) << question;
  }
  EXPECT_EQ(running.on_storage([&] { return db_->outbox().pending(); }).size(), 0u);
}

TEST_F(reply_pipeline_test, a_refused_send_is_retried_until_it_is_accepted) {
  fake_delivery delivery(2);  // every message's first two attempts fail
  running_pipeline running(*db_, options_, delivery);
  running.pipeline().submit(
      journal(running, {text_event("R1", "r1", "セミナーの申し込み方法")}, *db_));
  ASSERT_TRUE(settled(running, delivery, 1));
  EXPECT_EQ(delivery.sent().size(), 1u);
  EXPECT_EQ(delivery.attempts(), 3);
}

TEST_F(reply_pipeline_test, a_flood_is_told_to_wait_once_then_not_answered) {
  options_.flood = {.burst = 3, .window = 60s};
  fake_delivery delivery;
  running_pipeline running(*db_, options_, delivery);
  for (int i = 0; i < 6; ++i) {
    running.pipeline().submit(journal(
        running, {text_event("F1", "f" + std::to_string(i), "セミナー " + std::to_string(i))},
        *db_));
  }
  ASSERT_TRUE(settled(running, delivery, 4));
  const std::vector<sent_message> sent = delivery.sent();
  ASSERT_EQ(sent.size(), 4u);  // three answers, one "please wait", then silence
  EXPECT_EQ(sent[3].answer, bot::slow_down_reply().text);
}

TEST_F(reply_pipeline_test, events_journaled_before_a_start_are_answered_by_replay) {
  fake_delivery delivery;
  running_pipeline running(*db_, options_, delivery);
  std::vector<channel_event> before;
  for (int i = 0; i < 5; ++i) {
    before.push_back(text_event("B" + std::to_string(i), "b" + std::to_string(i),
                                "防災の相談窓口 " + std::to_string(i)));
  }
  journal(running, before, *db_);  // journaled, never submitted: as after a crash
  EXPECT_EQ(
      net::co_spawn(running.storage(), running.pipeline().replay_pending(), net::use_future).get(),
      5u);
  ASSERT_TRUE(settled(running, delivery, 5));
  EXPECT_EQ(delivery.sent().size(), 5u);
}

// A read of the journal can bring an event its own submit() also brings (the read saw it journaled
// first), before or after it was answered: it is decided and answered once all the same.
TEST_F(reply_pipeline_test, an_event_brought_twice_is_decided_and_answered_once) {
  options_.flood.burst = 100;  // one person asks seven times, and each repeat counts as a message
  fake_delivery delivery;
  running_pipeline running(*db_, options_, delivery);
  std::vector<channel_event> events;
  for (int i = 0; i < 6; ++i) {
    events.push_back(
        text_event("D1", "d" + std::to_string(i), "セミナーの会場 " + std::to_string(i)));
  }
  const std::vector<store::journaled_event> journaled = journal(running, events, *db_);
  EXPECT_EQ(
      net::co_spawn(running.storage(), running.pipeline().replay_pending(), net::use_future).get(),
      6u);
  running.pipeline().submit(journaled);  // while the read back may hold them
  ASSERT_TRUE(settled(running, delivery, 6));
  running.pipeline().submit(journaled);  // long after they were answered
  // A later event of the same conversation answered shows that the repeated ones were handled.
  running.pipeline().submit(journal(running, {text_event("D1", "d9", "セミナーの会場 9")}, *db_));
  ASSERT_TRUE(settled(running, delivery, 7));
  std::map<std::string, int> answers;
  for (const sent_message& m : delivery.sent()) {
    ++answers[m.question];
  }
  EXPECT_EQ(answers.size(), 7u);
  for (const auto& [question, times] : answers) {
    EXPECT_EQ(times, 1) << question;
  }
  EXPECT_EQ(running.on_storage([&] { return db_->outbox().pending(); }).size(), 0u);
}

}  // namespace
}  // namespace madoguchi::webhook
