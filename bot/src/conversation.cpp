// A conversation turn: the session around the stateless decision.
#include "madoguchi/bot/conversation.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <array>

namespace madoguchi::bot {
namespace {

constexpr std::string_view handover_notice_after_fallbacks =
    "うまくお答えできず、申し訳ありません。ここからは担当の職員がお返事します。\n";

// The conversation as the platform calls it: a トーク on LINE, a DM on Instagram, messages on
// Messenger.
std::string_view this_conversation(std::string_view platform) {
  if (platform == "line") {
    return "このトーク";
  }
  if (platform == "instagram") {
    return "このDM";
  }
  if (platform == "messenger") {
    return "このメッセージのやりとり";
  }
  return "この会話";
}

std::string handover_notice_for_safety(std::string_view platform) {
  return "\n\nこの会話は担当の職員にも引き継ぎました。職員から" +
         std::string(this_conversation(platform)) +
         "でお返事します（開庁時間外は翌開庁日になることがあります）。今すぐ話したいときは、上の"
         "窓口に電話してください。";
}

// Leading counters of a choice: "2", "二", "②".
std::optional<std::size_t> leading_number(std::string_view text, std::size_t& consumed) {
  static constexpr std::array<std::string_view, 10> kanji = {"一", "二", "三", "四", "五",
                                                             "六", "七", "八", "九", "十"};
  static constexpr std::array<std::string_view, 10> circled = {"①", "②", "③", "④", "⑤",
                                                               "⑥", "⑦", "⑧", "⑨", "⑩"};
  if (!text.empty() && text[0] >= '1' && text[0] <= '9') {
    std::size_t n = 0;
    consumed = 0;
    while (consumed < text.size() && text[consumed] >= '0' && text[consumed] <= '9' &&
           consumed < 2) {
      n = n * 10 + static_cast<std::size_t>(text[consumed] - '0');
      ++consumed;
    }
    return n;
  }
  for (std::size_t i = 0; i < kanji.size(); ++i) {
    for (std::string_view symbol : {kanji[i], circled[i]}) {
      if (text.starts_with(symbol)) {
        consumed = symbol.size();
        return i + 1;
      }
    }
  }
  return std::nullopt;
}

bool is_one_of(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (text == w) {
      return true;
    }
  }
  return false;
}

decision handover_decision(const knowledge::index& kb, std::string_view tenant,
                           std::string_view platform, const responder_options& options) {
  message ask_for_staff;
  ask_for_staff.payload = entry_payload(knowledge::well_known::human_handoff);
  decision d = decide(kb, tenant, ask_for_staff, options);
  if (d.chosen != route::handoff) {
    // The tenant's knowledge base has no hand-over entry under the well-known id.
    d.chosen = route::handoff;
    d.message = {};
    d.message.text = "担当の職員におつなぎします。職員から" +
                     std::string(this_conversation(platform)) + "でお返事します。";
  }
  d.flag_for_staff = true;
  return d;
}

void hand_over(turn& t, handover_reason reason, clock_seconds now) {
  t.hand_over = true;
  t.after.owner = thread_owner::staff;
  t.after.reason = reason;
  t.after.staff_active = now;
  t.after.offered.clear();
  t.after.topic.clear();
  t.after.fallbacks = 0;
}

// Words that point back at what the other side just said: 「それって何日？」「そこの申込先は？」
// 「その日は？」. The そ series does; この and これ point at the speaker's side (このアカウント),
// あの is as often a filler (あの、すみません).
constexpr std::array<std::string_view, 7> pointing_back = {"それ",   "そこ",     "その", "そちら",
                                                           "そっち", "さっきの", "同じ"};

// A message this short that the ranking cannot answer alone is most likely a follow-up
// (「場所は？」「締切はいつ？」「料金は？」), in characters after normalisation.
constexpr std::size_t follow_up_length = 10;

bool points_back(std::string_view normalized) {
  for (std::string_view word : pointing_back) {
    if (normalized.find(word) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// The message read with the topic's title before it, when that gives a confident answer.
std::optional<decision> answer_in_context(const knowledge::index& kb, std::string_view tenant,
                                          const message& in, std::string_view topic,
                                          const responder_options& options) {
  const knowledge::entry* about = kb.find(tenant, topic);
  if (about == nullptr) {
    return std::nullopt;  // retired since
  }
  message with_topic = in;
  with_topic.text = about->title + "\n" + in.text;
  decision d = decide(kb, tenant, with_topic, options);
  if (d.chosen != route::answer || d.calendar_listing) {
    return std::nullopt;
  }
  return d;
}

}  // namespace

std::string_view to_string(handover_reason r) {
  switch (r) {
    case handover_reason::none: return "none";
    case handover_reason::asked: return "asked";
    case handover_reason::fallbacks: return "fallbacks";
    case handover_reason::safety: return "safety";
  }
  return "none";
}

std::optional<std::size_t> ordinal_choice(std::string_view text) {
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view end :
         {"。", "!", "?", " ", "、", "です", "ください", "お願いします", "を", "で"}) {
      if (text.size() > end.size() && text.ends_with(end)) {
        text.remove_suffix(end.size());
        trimmed = true;
      }
    }
  }
  if (is_one_of(text, {"最初", "最初の", "最初のもの", "最初のやつ", "一番上", "いちばん上"})) {
    return 1;
  }
  std::size_t consumed = 0;
  const auto number = leading_number(text, consumed);
  if (!number || *number == 0) {
    return std::nullopt;
  }
  const std::string_view rest = text.substr(consumed);
  // Only a counter may follow the number (「2人で参加」 is no choice); politeness is trimmed above.
  if (is_one_of(rest, {"", ".", "番", "番目", "つ目", "個目", "番目の", "つ目の", "個目の"})) {
    return number;
  }
  return std::nullopt;
}

session on_staff_activity(session s, clock_seconds now) {
  s.owner = thread_owner::staff;
  if (s.reason == handover_reason::none) {
    s.reason = handover_reason::asked;  // staff stepped in on their own
  }
  s.staff_active = now;
  s.offered.clear();
  s.updated = now;
  return s;
}

session on_staff_release(session s, clock_seconds now) {
  s.owner = thread_owner::bot;
  s.reason = handover_reason::none;
  s.fallbacks = 0;
  s.updated = now;
  return s;
}

turn converse(const knowledge::index& kb, std::string_view tenant, const message& in,
              const session& before, clock_seconds now, const conversation_options& given) {
  // The date comes from `now` too: a turn reads no clock of its own.
  conversation_options options = given;
  if (!options.responder.today) {
    options.responder.today = date_in_japan(now);
  }
  turn t;
  t.after = before;
  if (now - before.updated > options.memory) {
    t.after.offered.clear();
    t.after.topic.clear();
    t.after.fallbacks = 0;
  }

  message resolved = in;
  const std::string normalized = nlp::normalize(in.text);
  if (in.payload.empty() && !t.after.offered.empty()) {
    if (const auto choice = ordinal_choice(normalized);
        choice && *choice <= t.after.offered.size()) {
      resolved.payload = t.after.offered[*choice - 1];
    }
  }

  if (t.after.owner == thread_owner::staff) {
    if (now - t.after.staff_active < options.staff_quiet_period) {
      decision d = decide(kb, tenant, resolved, options.responder);
      if (d.chosen == route::safety) {
        // Staff may be away; hotlines cannot wait. Answer, then give the thread back to staff.
        d.message.text += handover_notice_for_safety(in.platform);
        t.take_back = true;
        t.hand_over = true;
        t.after.reason = handover_reason::safety;
        t.reply = std::move(d);
      }
      t.after.updated = now;
      return t;
    }
    t.take_back = true;  // staff went quiet: the bot answers again
    t.after = on_staff_release(t.after, now);
  }

  if (in.payload == sticker_payload && !t.after.topic.empty()) {
    // A sticker or a like right after an answer is thanks: said back once (the topic goes, so a
    // second one is read as a sticker alone).
    message thanks;
    thanks.text = "ありがとう";
    t.reply = decide(kb, tenant, thanks, options.responder);
    t.after.topic.clear();
    t.after.updated = now;
    return t;
  }
  decision d = decide(kb, tenant, resolved, options.responder);
  // A follow-up: it points back (「それっていつ？」), or it is short and the ranking alone could
  // not answer it (a clarify of its candidates or a fallback; a thanks is a clarify without
  // candidates), or it asked the calendar (「締切は？」). Read with the topic, it is answered if
  // that makes it clear.
  const bool unanswered = (d.chosen == route::clarify && !d.candidates.empty()) ||
                          (d.chosen == route::fallback && !in.has_attachment) || d.calendar_listing;
  const bool follow_up =
      (d.chosen == route::answer || unanswered) &&
      (points_back(normalized) ||
       (unanswered && nlp::characters_of(normalized).size() <= follow_up_length));
  if (follow_up && resolved.payload.empty() && !t.after.topic.empty()) {
    auto in_context = answer_in_context(kb, tenant, resolved, t.after.topic, options.responder);
    // An answer of its own stays unless the topic makes a surer one: 「このアカウントについて」
    // points at the account, not at the seminar answered before.
    if (in_context && (d.chosen != route::answer || d.calendar_listing ||
                       in_context->confidence > d.confidence)) {
      d = std::move(*in_context);
    }
  }
  t.after.offered.clear();
  switch (d.chosen) {
    case route::clarify:
      // In the order the person sees them: a carousel's cards, else the chips.
      for (const card& c : d.message.cards) {
        t.after.offered.push_back(c.payload);
      }
      if (t.after.offered.empty()) {
        for (const quick_reply& chip : d.message.quick_replies) {
          t.after.offered.push_back(chip.payload);
        }
      }
      t.after.fallbacks = 0;
      break;
    case route::fallback:
      if (!in.has_attachment || !in.text.empty()) {
        ++t.after.fallbacks;
      }
      if (t.after.fallbacks >= options.fallbacks_before_handover) {
        d = handover_decision(kb, tenant, in.platform, options.responder);
        d.message.text = std::string(handover_notice_after_fallbacks) + d.message.text;
        hand_over(t, handover_reason::fallbacks, now);
      }
      break;
    case route::handoff: hand_over(t, handover_reason::asked, now); break;
    case route::safety:
      d.message.text += handover_notice_for_safety(in.platform);
      hand_over(t, handover_reason::safety, now);
      break;
    case route::answer:
      t.after.fallbacks = 0;
      t.after.topic = d.entry_id;
      break;
  }
  t.after.updated = now;
  t.reply = std::move(d);
  return t;
}

}  // namespace madoguchi::bot
