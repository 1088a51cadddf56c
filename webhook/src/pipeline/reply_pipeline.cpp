// Journaled event -> session -> turn -> platform delivery -> session and journal outcome.
#include "madoguchi/webhook/reply_pipeline.hpp"

#include "../log_completion.hpp"
#include "line_delivery.hpp"
#include "meta_delivery.hpp"
#include "session_codec.hpp"

#include "madoguchi/nlp/normalize.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/webhook/channel_event.hpp"
#include "madoguchi/webhook/offload.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <deque>
#include <map>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;
using kind = channel_event::kind;

bot::clock_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

bool is_message(kind k) {
  return k == kind::text || k == kind::postback || k == kind::attachment || k == kind::follow;
}

struct queued_event {
  std::int64_t journal_id = 0;
  std::string tenant;
  channel_event event;
};

}  // namespace

struct reply_pipeline::impl {
  pipeline_executors executors;
  store::database& db;
  const knowledge::index_holder& knowledge;
  pipeline_options options;
  http_client client;
  meta_delivery meta;
  line_delivery line;
  // Events waiting per conversation; only touched on the delivery strand.
  std::map<std::string, std::deque<queued_event>> queues;

  impl(const pipeline_executors& e, store::database& d, const knowledge::index_holder& k,
       pipeline_options o)
      : executors(e),
        db(d),
        knowledge(k),
        options(std::move(o)),
        client(e.delivery, options.client),
        meta(options.messenger, client, options.pseudonym_key),
        line(options.line, client, options.pseudonym_key) {}

  delivery& delivery_for(const channel_event& event) {
    return event.platform == "line" ? static_cast<delivery&>(line) : meta;
  }

  net::awaitable<void> complete(std::int64_t id, std::string outcome) {
    store::journal& journal = db.inbound();
    co_await run_on(executors.storage, [&journal, id, &outcome] { journal.complete(id, outcome); });
  }

  // Runs on the delivery strand: queues each event behind its conversation's earlier ones.
  void enqueue(std::vector<store::journaled_event> records) {
    for (store::journaled_event& record : records) {
      auto event = decode_from_journal(record.event.payload);
      if (!event) {
        telemetry::log_error("journal_payload_undecodable", {{"journal_id", record.id}});
        net::co_spawn(executors.delivery, complete(record.id, "undecodable"),
                      log_exception{"journal_complete_failed"});
        continue;
      }
      std::string key = record.event.tenant + '\n' + event->platform + '\n' + event->sender_id;
      auto& queue = queues[key];
      queue.push_back({record.id, record.event.tenant, std::move(*event)});
      if (queue.size() == 1) {
        net::co_spawn(executors.delivery, drain(std::move(key)), log_exception{"reply_failed"});
      }
    }
  }

  net::awaitable<void> drain(std::string key) {
    for (;;) {
      const auto found = queues.find(key);
      if (found == queues.end() || found->second.empty()) {
        queues.erase(key);
        co_return;
      }
      const queued_event next = found->second.front();
      try {
        co_await handle(next);
      } catch (const std::exception& error) {
        // Left pending in the journal: replayed at the next start.
        telemetry::log_error("reply_failed",
                             {{"journal_id", next.journal_id}, {"error", error.what()}});
      }
      queues[key].pop_front();
    }
  }

  net::awaitable<void> handle(const queued_event& queued) {
    const auto started = std::chrono::steady_clock::now();
    const channel_event& event = queued.event;
    const conversation_key key{queued.tenant, event.platform, event.sender_id};
    store::conversations& conversations = db.conversations();
    const auto record = co_await run_on(
        executors.storage, [&] { return conversations.find(key.tenant, key.channel, key.sender); });
    bot::session session = record ? from_record(*record) : bot::session{};
    const bot::clock_seconds now = now_seconds();
    std::string outcome;
    std::string decided = "none";
    std::string unanswered;  // normalised, when the bot could not answer a question

    if (event.type == kind::staff_message || event.type == kind::staff_took) {
      session = bot::on_staff_activity(session, now);
      outcome = "staff_active";
    } else if (event.type == kind::staff_released) {
      session = bot::on_staff_release(session, now);
      outcome = "released";
    } else if (event.type == kind::unfollow) {
      outcome = "unfollowed";
    } else if (is_message(event.type) && outside_window(event, now)) {
      outcome = "outside_window";
    } else if (is_message(event.type)) {
      if (event.standby && session.owner == bot::thread_owner::bot) {
        // Meta says another app owns the thread: staff took it without telling madoguchi.
        session = bot::on_staff_activity(session, now);
      }
      if (session.owner == bot::thread_owner::bot) {
        co_await delivery_for(event).acknowledge(queued.tenant, event);
      }
      const bot::message message{event.text, event.payload, event.type == kind::attachment};
      const auto snapshot = knowledge.current();
      const std::string& tenant = queued.tenant;
      const bot::conversation_options& conversation = options.conversation;
      const bot::turn t = co_await run_on(executors.compute, [&] {
        return bot::converse(*snapshot, tenant, message, session, now, conversation);
      });
      // An if, not ?: — GCC 12 frees a temporary twice around co_await in a conditional.
      if (t.reply) {
        outcome = co_await delivery_for(event).deliver(queued.tenant, event, t);
      } else {
        outcome = "silent_staff_owns";
      }
      if (t.reply) {
        decided = bot::to_string(t.reply->chosen);
        if (t.reply->chosen == bot::route::fallback && !event.text.empty()) {
          unanswered = nlp::normalize(event.text);
        }
      }
      if (t.hand_over) {
        telemetry::log_info(
            "handed_over",
            {{"platform", event.platform},
             {"tenant", queued.tenant},
             {"sender", pseudonymize(options.pseudonym_key, event.platform, event.sender_id)},
             {"reason", bot::to_string(t.after.reason)}});
      }
      session = t.after;
    } else {
      outcome = "ignored";
    }

    const store::conversation updated = to_record(key, session);
    store::journal& journal = db.inbound();
    const std::int64_t id = queued.journal_id;
    co_await run_on(executors.storage, [&] {
      conversations.save(updated);
      if (!unanswered.empty()) {
        db.unanswered().record(key.tenant, unanswered, event.text,
                               pseudonymize(options.pseudonym_key, event.platform, event.sender_id),
                               now.time_since_epoch().count());
      }
      journal.complete(id, outcome);
    });
    telemetry::log_info(
        "message_handled",
        {{"platform", event.platform},
         {"tenant", queued.tenant},
         {"sender", pseudonymize(options.pseudonym_key, event.platform, event.sender_id)},
         {"kind", to_string(event.type)},
         {"decision", decided},
         {"outcome", outcome},
         {"ms",
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count()}});
  }

  // Meta forbids standard messages more than 24 hours after the person's message (a replay
  // after a long outage); LINE pushes have no window.
  bool outside_window(const channel_event& event, bot::clock_seconds now) const {
    if (event.platform == "line" || event.timestamp <= 0) {
      return false;
    }
    const auto sent = std::chrono::sys_time<std::chrono::milliseconds>(
        std::chrono::milliseconds(event.timestamp));
    return now - sent > options.messaging_window;
  }
};

reply_pipeline::reply_pipeline(const pipeline_executors& executors, store::database& db,
                               const knowledge::index_holder& knowledge, pipeline_options options)
    : impl_(std::make_unique<impl>(executors, db, knowledge, std::move(options))) {}

reply_pipeline::~reply_pipeline() = default;

void reply_pipeline::submit(std::vector<store::journaled_event> events) {
  net::post(impl_->executors.delivery,
            [this, events = std::move(events)]() mutable { impl_->enqueue(std::move(events)); });
}

net::awaitable<std::size_t> reply_pipeline::replay_pending() {
  store::journal& journal = impl_->db.inbound();
  auto pending =
      co_await run_on(impl_->executors.storage, [&journal] { return journal.pending(); });
  const std::size_t count = pending.size();
  submit(std::move(pending));
  co_return count;
}

}  // namespace madoguchi::webhook
