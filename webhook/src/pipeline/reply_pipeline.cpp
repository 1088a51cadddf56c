// Journaled event -> session -> turn -> platform delivery -> session and journal outcome.
#include "madoguchi/webhook/reply_pipeline.hpp"

#include "../log_completion.hpp"
#include "../server/log_throttle.hpp"
#include "line_delivery.hpp"
#include "meta_delivery.hpp"
#include "outbox_relay.hpp"
#include "session_codec.hpp"

#include "madoguchi/bot/edited_message.hpp"
#include "madoguchi/bot/flood_guard.hpp"
#include "madoguchi/bot/group_notice.hpp"
#include "madoguchi/bot/message_turn.hpp"
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "madoguchi/telemetry/server_metrics.hpp"
#include "madoguchi/webhook/channel_event.hpp"
#include "madoguchi/webhook/offload.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

namespace madoguchi::webhook {
namespace {

namespace net = boost::asio;
using kind = channel_event::kind;

bot::clock_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// One conversation (a person on one platform of one tenant): the key of its queue and of its
// flood limit.
std::string conversation_of(std::string_view tenant, std::string_view platform,
                            std::string_view sender) {
  std::string key;
  key.reserve(tenant.size() + platform.size() + sender.size() + 2);
  key.append(tenant).append(1, '\n').append(platform).append(1, '\n').append(sender);
  return key;
}

bool is_message(kind k) {
  return k == kind::text || k == kind::postback || k == kind::attachment || k == kind::follow ||
         k == kind::edited;
}

// Cancels the timer, if any, when the turn ends however it ends.
struct timer_cancel {
  std::shared_ptr<net::steady_timer>& timer;
  explicit timer_cancel(std::shared_ptr<net::steady_timer>& t) : timer(t) {}
  timer_cancel(const timer_cancel&) = delete;
  timer_cancel& operator=(const timer_cancel&) = delete;
  ~timer_cancel() {
    if (timer) {
      timer->cancel();
    }
  }
};

// One item of a conversation's queue: an event to handle, or (after a restart) the outbox
// messages of an event handled before it.
struct queued_event {
  std::int64_t journal_id = 0;
  std::string tenant;
  channel_event event;
  std::vector<store::outbox_message> unsent;
};

// The platforms' HTTP APIs, sharing one client on the delivery strand.
struct platform_apis {
  http_client client;
  meta_delivery meta;
  line_delivery line;
  platform_apis(net::any_io_executor delivery_strand, const pipeline_options& options)
      : client(std::move(delivery_strand), options.client),
        meta(options.messenger, client, options.pseudonym_key),
        line(options.line, client, options.pseudonym_key) {}
};

}  // namespace

struct reply_pipeline::impl {
  pipeline_executors executors;
  store::database& db;
  const knowledge::index_holder& knowledge;
  pipeline_options options;
  std::unique_ptr<platform_apis> apis;  // none when the deliveries were given
  platform_deliveries deliveries;
  // Events waiting per conversation; only touched on the delivery strand.
  std::map<std::string, std::deque<queued_event>> queues;
  // Bounded memory (see the header). Written on the delivery strand only; the atomics are also
  // read by wait_for_room() on the request threads.
  std::atomic<std::size_t> unfinished{0};            // events taken up and not finished
  std::atomic<bool> behind{false};                   // newer events wait in the journal
  std::unordered_set<std::int64_t> taken;            // journal ids of the unfinished events
  bool reading_back = false;                         // a read of the journal is under way
  std::vector<std::int64_t> finished_while_reading;  // its snapshot may still show them pending
  std::uint64_t left_in_journal = 0;                 // events left behind, ever
  log_throttle behind_log{std::chrono::minutes(1)};  // an overload falls behind again and again
  std::deque<std::shared_ptr<net::steady_timer>> room_waiters;  // held-back requests
  write_batcher writes;  // the turns' and the sent messages' states, committed in groups
  outbox_relay relay;
  bot::flood_guard flood_guard;  // only touched on the delivery strand

  impl(const pipeline_executors& e, store::database& d, const knowledge::index_holder& k,
       pipeline_options o, const std::optional<platform_deliveries>& given)
      : executors(e),
        db(d),
        knowledge(k),
        options(std::move(o)),
        apis(given ? nullptr : std::make_unique<platform_apis>(e.delivery, options)),
        deliveries(given ? *given : platform_deliveries{apis->meta, apis->line}),
        writes(d, e.storage),
        relay(e, d, writes, deliveries, options.retry, options.pseudonym_key),
        flood_guard(options.flood) {}

  delivery& delivery_for(std::string_view platform) { return deliveries.of(platform); }

  std::string line_id_of(std::string_view tenant) const {
    const line_account* account = options.line.find_account(tenant);
    return account != nullptr ? account->basic_id : std::string();
  }

  std::string pseudonym(std::string_view platform, std::string_view sender) const {
    return pseudonymize(options.pseudonym_key, platform, sender);
  }

  net::awaitable<void> complete(std::int64_t id, std::string outcome) {
    store::journal& journal = db.inbound();
    co_await run_on(executors.storage,
                    [&journal, id, &outcome] { static_cast<void>(journal.complete(id, outcome)); });
  }

  // Runs on the delivery strand: queues each event behind its conversation's earlier ones, or,
  // when the pipeline is full or already behind, leaves it in the journal for read_back().
  void enqueue(std::vector<store::journaled_event> records) {
    for (store::journaled_event& record : records) {
      if (behind || unfinished >= options.max_unfinished) {
        if (const std::uint64_t times =
                behind ? 0 : behind_log.count(std::chrono::steady_clock::now())) {
          telemetry::log_warn("pipeline_behind", {{"times", times},
                                                  {"events_in_memory", options.max_unfinished},
                                                  {"left_in_journal", left_in_journal}});
        }
        fall_behind();
        continue;
      }
      take(std::move(record));
    }
  }

  void take(store::journaled_event record) {
    auto event = decode_from_journal(record.event.payload);
    if (!event) {
      telemetry::log_error("journal_payload_undecodable", {{"journal_id", record.id}});
      net::co_spawn(executors.delivery, complete(record.id, "undecodable"),
                    log_exception{"journal_complete_failed"});
      return;
    }
    // A read of the journal and the event's own submit() can both bring it (the read saw it
    // journaled before the submit reached the strand).
    if (!taken.insert(record.id).second) {
      return;
    }
    ++unfinished;
    std::string key = conversation_of(record.event.tenant, event->platform, event->sender_id);
    queue_behind(std::move(key), {record.id, record.event.tenant, std::move(*event), {}});
  }

  // On the strand: events are left in the journal, to be read back.
  void fall_behind() {
    ++left_in_journal;
    behind = true;
    read_back_when_room();
  }

  // On the strand, once an event taken up is finished, however it ended.
  void finish(std::int64_t journal_id) {
    taken.erase(journal_id);
    --unfinished;
    if (reading_back) {
      finished_while_reading.push_back(journal_id);
    }
    read_back_when_room();
    wake_held_back();
  }

  void read_back_when_room() {
    if (behind && !reading_back && unfinished <= options.max_unfinished / 2) {
      reading_back = true;
      net::co_spawn(executors.delivery, read_back(), log_exception{"journal_read_back_failed"});
    }
  }

  // On the strand: takes up the oldest events waiting in the journal, as many as there is room
  // for, until none is left (then the pipeline has caught up) or the pipeline is half full.
  net::awaitable<void> read_back() {
    store::journal& journal = db.inbound();
    while (unfinished <= options.max_unfinished / 2) {
      const std::uint64_t left_before = left_in_journal;
      const std::size_t room = options.max_unfinished - unfinished;
      // The unfinished events are pending too: read past them.
      const std::size_t wanted = room + taken.size();
      finished_while_reading.clear();
      std::vector<store::journaled_event> oldest = co_await run_on(
          executors.storage, [&journal, wanted] { return journal.pending(wanted); });
      const bool all_read = oldest.size() < wanted;
      std::size_t taken_now = 0;
      for (store::journaled_event& record : oldest) {
        const bool in_memory =
            taken.contains(record.id) ||
            std::find(finished_while_reading.begin(), finished_while_reading.end(), record.id) !=
                finished_while_reading.end();
        if (in_memory) {
          continue;
        }
        if (taken_now == room) {
          break;
        }
        take(std::move(record));
        ++taken_now;
      }
      // Caught up only if nothing was left behind while reading and everything read was taken.
      if (all_read && taken_now < room && left_in_journal == left_before) {
        behind = false;
        break;
      }
    }
    reading_back = false;
    finished_while_reading.clear();
    wake_held_back();
  }

  bool has_room() const { return !behind && unfinished < options.max_unfinished; }

  // On the strand: lets as many held-back requests go on as there is room for.
  void wake_held_back() {
    if (!has_room()) {
      return;
    }
    for (std::size_t room = options.max_unfinished - unfinished; room > 0 && !room_waiters.empty();
         --room) {
      room_waiters.front()->cancel();
      room_waiters.pop_front();
    }
  }

  // On the strand: waits until wake_held_back() or the patience runs out.
  net::awaitable<void> wait_for_room_on_strand() {
    if (has_room()) {
      co_return;
    }
    auto timer = std::make_shared<net::steady_timer>(executors.delivery, options.intake_patience);
    room_waiters.push_back(timer);
    co_await timer->async_wait(net::as_tuple(net::use_awaitable));
    std::erase(room_waiters, timer);  // when the patience ran out
  }

  // Runs on the delivery strand: queues the unsent messages of each earlier turn in their
  // conversation, ahead of any event replayed after them.
  void enqueue_unsent(std::vector<store::outbox_message> messages) {
    std::map<std::int64_t, std::vector<store::outbox_message>> turns;
    for (store::outbox_message& m : messages) {
      turns[m.journal_id].push_back(std::move(m));
    }
    for (auto& [journal_id, unsent] : turns) {
      const store::outbox_message& first = unsent.front();
      std::string key = conversation_of(first.tenant, first.platform, first.recipient);
      const std::string tenant = first.tenant;
      queue_behind(std::move(key), {journal_id, tenant, {}, std::move(unsent)});
    }
  }

  void queue_behind(std::string key, queued_event item) {
    auto& queue = queues[key];
    queue.push_back(std::move(item));
    if (queue.size() == 1) {
      net::co_spawn(executors.delivery, drain(std::move(key)), log_exception{"reply_failed"});
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
        if (next.unsent.empty()) {
          co_await handle(next);
        } else {
          co_await relay.finish_turn(next.journal_id, next.unsent);
        }
      } catch (const std::exception& error) {
        // Left pending in the journal: replayed at the next start.
        telemetry::log_error("reply_failed",
                             {{"journal_id", next.journal_id}, {"error", error.what()}});
      }
      queues[key].pop_front();
      if (next.unsent.empty()) {
        finish(next.journal_id);
      }
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
    std::vector<store::outbox_message> planned;  // the turn's platform calls
    bool forget = false;                         // the person confirmed 「データを削除」
    // Cancelled once the turn is done (the answer out, or nothing to send); expired first, it
    // sends the sender actions.
    std::shared_ptr<net::steady_timer> slow_answer;
    const timer_cancel answer_out{slow_answer};

    if (event.type == kind::staff_message || event.type == kind::staff_took) {
      session = bot::on_staff_activity(session, now);
      outcome = "staff_active";
    } else if (event.type == kind::staff_requested) {
      session = bot::on_staff_activity(session, now);
      bot::turn t;
      t.hand_over = true;
      t.after = session;
      planned = delivery_for(event.platform).plan(queued.tenant, event, t);
      outcome = planned.empty() ? "staff_active" : "queued";
      decided = "handoff";
    } else if (event.type == kind::staff_released) {
      session = bot::on_staff_release(session, now);
      outcome = "released";
    } else if (event.type == kind::unfollow) {
      outcome = "unfollowed";
    } else if (event.type == kind::joined_group) {
      // Said once, on joining; the group's messages are never taken up (line_event.cpp).
      bot::turn t;
      t.reply.emplace();
      t.reply->message =
          bot::group_chat_notice(bot::line_add_friend_url(line_id_of(queued.tenant)));
      t.after = session;
      planned = delivery_for(event.platform).plan(queued.tenant, event, t);
      outcome = planned.empty() ? "nothing_to_send" : "queued";
      decided = "group_notice";
    } else if (is_message(event.type) && outside_window(event, now)) {
      outcome = "outside_window";
      telemetry::metrics().events_dropped.with({outcome}).inc();
    } else if (event.type == kind::edited && !bot::answers_edit(session, event.edits)) {
      outcome = "edit_of_answered";  // the first version was answered: the edit is not asked again
    } else if (is_message(event.type)) {
      if (event.standby && session.owner == bot::thread_owner::bot) {
        // Meta says another app owns the thread: staff took it without telling madoguchi.
        session = bot::on_staff_activity(session, now);
      }
      const bot::flood_verdict flood =
          flood_guard.check(conversation_of(queued.tenant, event.platform, event.sender_id), now);
      if (session.owner == bot::thread_owner::bot && flood == bot::flood_verdict::answer) {
        slow_answer = std::make_shared<net::steady_timer>(executors.delivery, options.typing_after);
        net::co_spawn(executors.delivery, acknowledge_when_slow(slow_answer, queued.tenant, event),
                      log_exception{"sender_action_failed"});
      }
      const bot::message message{event.text, event.payload, event.type == kind::attachment,
                                 event.platform};
      const auto snapshot = knowledge.current();
      const std::string& tenant = queued.tenant;
      const bot::conversation_options& conversation = options.conversation;
      bot::message_turn decided_turn = co_await run_on(executors.compute, [&] {
        return bot::take_turn(*snapshot, tenant, message, session, flood, now, conversation);
      });
      const bot::turn& t = decided_turn.decided;
      forget = decided_turn.forget_person;
      decided = std::move(decided_turn.decision);
      unanswered = std::move(decided_turn.unanswered);
      if (decided_turn.override == bot::turn_override::rate_limited && !t.reply) {
        outcome = "rate_limited";
      } else if (t.reply) {
        planned = delivery_for(event.platform).plan(queued.tenant, event, t);
        outcome = planned.empty() ? "nothing_to_send" : "queued";
      } else {
        outcome = "silent_staff_owns";
      }
      if (t.hand_over) {
        telemetry::log_info("handed_over", {{"platform", event.platform},
                                            {"tenant", queued.tenant},
                                            {"sender", pseudonym(event.platform, event.sender_id)},
                                            {"reason", bot::to_string(t.after.reason)}});
      }
      session = t.after;
      bot::remember_answered(session, event.type == kind::edited ? event.edits : event.message_id,
                             decided);
    } else {
      outcome = "ignored";
    }

    const store::conversation updated = to_record(key, session);
    store::journal& journal = db.inbound();
    const std::int64_t id = queued.journal_id;
    for (store::outbox_message& m : planned) {
      m.journal_id = id;
      m.created_ms = epoch_milliseconds();
    }
    store::forgotten forgotten;
    bool first_decision = false;
    // The session, the outbox and the journal outcome are stored together or not at all (then
    // the event stays pending and is handled again after a restart). The commit does not wait
    // for the disk: the event was journaled durably before it was acknowledged, so a power loss
    // at worst has the turn decided again. An event already decided (taken up twice: read back
    // from the journal after it had finished, just as its own submit arrived) stores nothing.
    co_await writes.write(
        [&] {
          first_decision = journal.complete(id, outcome);
          if (!first_decision) {
            return;
          }
          if (forget) {
            forgotten = db.privacy().forget_person(event.platform, event.sender_id,
                                                   pseudonym(event.platform, event.sender_id));
          } else {
            conversations.save(updated);
          }
          if (!unanswered.empty()) {
            db.unanswered().record(key.tenant, unanswered, event.text,
                                   pseudonym(event.platform, event.sender_id),
                                   now.time_since_epoch().count());
          }
          db.outbox().add(planned);
        },
        store::durability::process_crash);
    if (!first_decision) {
      telemetry::log_info("event_already_decided", {{"journal_id", id}});
      co_return;
    }
    if (!planned.empty()) {
      outcome = co_await relay.finish_turn(id, std::move(planned));
    }
    if (forget) {
      telemetry::log_info("data_forgotten", {{"platform", event.platform},
                                             {"tenant", queued.tenant},
                                             {"sender", pseudonym(event.platform, event.sender_id)},
                                             {"rows", forgotten.total()}});
    }
    if (decided != "none") {
      telemetry::metrics().decisions.with({decided}).inc();
    }
    telemetry::log_info("message_handled", {{"platform", event.platform},
                                            {"tenant", queued.tenant},
                                            {"sender", pseudonym(event.platform, event.sender_id)},
                                            {"kind", to_string(event.type)},
                                            {"decision", decided},
                                            {"outcome", outcome},
                                            {"ms", std::chrono::duration<double, std::milli>(
                                                       std::chrono::steady_clock::now() - started)
                                                       .count()}});
  }

  // Runs on the delivery strand, as handle() does, which cancels `slow_answer` once the answer is
  // out: only a person still waiting sees the message read and being typed.
  net::awaitable<void> acknowledge_when_slow(std::shared_ptr<net::steady_timer> slow_answer,
                                             std::string tenant, channel_event event) {
    const auto [waited] = co_await slow_answer->async_wait(net::as_tuple(net::use_awaitable));
    if (!waited) {
      co_await relay.acknowledge(tenant, event);
    }
  }

  // The hotlines for a safety-route message that could not be journaled: answered at once from
  // memory (the compiled-in template if need be), without touching the database. The platform
  // got 503 and redelivers the event, which is then handled normally (and answered again).
  net::awaitable<void> answer_safety_directly(store::inbound_event record) {
    const auto event = decode_from_journal(record.payload);
    if (!event || !is_message(event->type) || event->text.empty()) {
      co_return;
    }
    const auto snapshot = knowledge.current();
    if (bot::assess_safety(snapshot->analyzer(), nlp::normalize(event->text)).level !=
        bot::safety_level::crisis) {
      co_return;
    }
    const bot::message message{event->text, event->payload, false, event->platform};
    const bot::clock_seconds now = now_seconds();
    const std::string& tenant = record.tenant;
    const bot::conversation_options& conversation = options.conversation;
    const bot::turn t = co_await run_on(executors.compute, [&] {
      return bot::converse(*snapshot, tenant, message, bot::session{}, now, conversation);
    });
    if (!t.reply || t.reply->chosen != bot::route::safety) {
      co_return;
    }
    std::vector<store::outbox_message> planned =
        delivery_for(event->platform).plan(tenant, *event, t);
    for (store::outbox_message& m : planned) {
      m.created_ms = epoch_milliseconds();
    }
    telemetry::log_warn("safety_answered_without_storage",
                        {{"platform", event->platform},
                         {"tenant", tenant},
                         {"sender", pseudonym(event->platform, event->sender_id)}});
    co_await relay.send_without_storage(std::move(planned));
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
    : impl_(std::make_unique<impl>(executors, db, knowledge, std::move(options), std::nullopt)) {}

reply_pipeline::reply_pipeline(const pipeline_executors& executors, store::database& db,
                               const knowledge::index_holder& knowledge, pipeline_options options,
                               platform_deliveries deliveries)
    : impl_(std::make_unique<impl>(executors, db, knowledge, std::move(options), deliveries)) {}

reply_pipeline::~reply_pipeline() = default;

void reply_pipeline::submit(std::vector<store::journaled_event> events) {
  net::post(impl_->executors.delivery,
            [this, events = std::move(events)]() mutable { impl_->enqueue(std::move(events)); });
}

net::awaitable<void> reply_pipeline::wait_for_room() {
  if (impl_->has_room()) {  // racy but cheap; the strand decides
    co_return;
  }
  co_await net::co_spawn(impl_->executors.delivery, impl_->wait_for_room_on_strand(),
                         net::use_awaitable);
}

net::awaitable<std::size_t> reply_pipeline::replay_pending() {
  store::outbox& outbox = impl_->db.outbox();
  auto unsent = co_await run_on(impl_->executors.storage, [&outbox] { return outbox.pending(); });
  const std::size_t messages = unsent.size();
  store::journal& journal = impl_->db.inbound();
  const auto count =
      co_await run_on(impl_->executors.storage, [&journal] { return journal.pending_count(); });
  // The unsent messages are queued first, so that each conversation's earlier answers go out
  // before later events; the events are read from the journal as room allows.
  net::post(impl_->executors.delivery, [this, count, unsent = std::move(unsent)]() mutable {
    impl_->enqueue_unsent(std::move(unsent));
    if (count > 0) {
      impl_->fall_behind();
    }
  });
  if (messages > 0) {
    telemetry::log_info("outbox_resumed", {{"messages", messages}});
  }
  co_return static_cast<std::size_t>(count);
}

void reply_pipeline::answer_safety_without_storage(std::vector<store::inbound_event> records) {
  for (store::inbound_event& record : records) {
    net::co_spawn(impl_->executors.delivery, impl_->answer_safety_directly(std::move(record)),
                  log_exception{"safety_answer_failed"});
  }
}

net::awaitable<store::forgotten> reply_pipeline::forget(std::string platform, std::string sender) {
  store::privacy& privacy = impl_->db.privacy();
  const std::string pseudonym = impl_->pseudonym(platform, sender);
  co_return co_await run_on(impl_->executors.storage, [&privacy, &platform, &sender, &pseudonym] {
    return privacy.forget_person(platform, sender, pseudonym);
  });
}

}  // namespace madoguchi::webhook
