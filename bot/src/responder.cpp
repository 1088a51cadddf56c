// The decision: safety -> tapped payload -> a request for a person -> ranking -> answer /
// clarify / fallback.
#include "madoguchi/bot/responder.hpp"

#include "calendar.hpp"
#include "madoguchi/bot/data_request.hpp"
#include "madoguchi/bot/handoff.hpp"
#include "madoguchi/bot/menu.hpp"
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/bot/wording.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/nlp/normalize.hpp"
#include "small_talk.hpp"

#include <algorithm>
#include <optional>

namespace madoguchi::bot {
namespace {

constexpr std::string_view clarify_text =
    "ご質問の内容を確認させてください。次のうち、知りたいことに近いものを選んでください。";

constexpr std::string_view fallback_apology =
    "申し訳ありません。そのご質問には、このアカウントではお答えできませんでした。\n";
// What the default content answers: said only to a tenant that has it (the about-bot entry).
constexpr std::string_view default_topics =
    "このアカウントでは、SNS活用セミナーと申し込み方法、子どもとSNSの安全、"
    "災害時のFacebookの使い方、中小企業・お店のSNS活用などについてお答えしています。\n";
constexpr std::string_view fallback_staff_hint =
    "職員と直接やりとりしたいときは「担当者と話したい」と送ってください。";

// The share of a message's information an entry must contain to be a choice on the strength of
// its answer's words alone (a crisis entry: to stay on offer by itself).
constexpr double substantial_coverage = 0.5;

constexpr std::string_view attachment_text =
    "画像・スタンプ・音声などの内容にはお答えできません。"
    "お手数ですが、知りたいことを文字で送ってください。";

// The tenant's own entry `id`, or the shipped one when the tenant has none (an imported knowledge
// base without it, or an unknown tenant): the crisis and hand-over replies must never be missing.
const knowledge::entry& own_or_shipped_entry(const knowledge::index& kb, std::string_view tenant,
                                             std::string_view id) {
  if (const knowledge::entry* own = kb.find(tenant, id)) {
    return *own;
  }
  const auto& shipped = knowledge::embedded_default_content().entries;
  return *std::find_if(shipped.begin(), shipped.end(),
                       [&](const knowledge::entry& e) { return e.id == id; });
}

// Entries a category browse never lists: they are reached by what the person writes.
bool is_special_entry(std::string_view id) {
  return id == knowledge::well_known::crisis_self_harm ||
         id == knowledge::well_known::crisis_abuse || id == knowledge::well_known::human_handoff;
}

bool is_safety_entry(std::string_view id) {
  return id == knowledge::well_known::crisis_self_harm || id == knowledge::well_known::crisis_abuse;
}

// The route of a confident answer with entry `id`.
route route_for(std::string_view id) {
  if (is_safety_entry(id)) {
    return route::safety;  // the lexicon missed a phrasing the entry's examples know
  }
  return id == knowledge::well_known::human_handoff ? route::handoff : route::answer;
}

decision answer_with(const knowledge::entry& e, route chosen, double confidence,
                     std::chrono::year_month_day today) {
  decision d;
  d.chosen = chosen;
  d.entry_id = e.id;
  d.confidence = confidence;
  d.message = reply_for(e, today);
  d.flag_for_staff = chosen == route::safety || chosen == route::handoff;
  return d;
}

constexpr std::string_view neutral_greeting_opening = "こんにちは。こちらは自動応答の窓口です。";
constexpr std::string_view neutral_greeting_rest =
    "知りたいことを短い文章で送ってください。"
    "職員と直接やりとりしたいときは「担当者と話したい」と送ってください。";

// 「このアカウントでは、粗大ごみ、住民票…などについてお答えしています。」 from the tenant's own
// titles; empty when they name no common topic (a base of a few entries).
std::string own_topics_line(const knowledge::index& kb, std::string_view tenant) {
  const std::vector<std::string>& topics = kb.topics_of(tenant);
  if (topics.empty()) {
    return {};
  }
  std::string line = "このアカウントでは、";
  for (std::size_t i = 0; i < topics.size(); ++i) {
    line += (i == 0 ? "" : "、") + topics[i];
  }
  return line + "などについてお答えしています。";
}

constexpr std::string_view thanks_text =
    "どういたしまして。ほかにも知りたいことがあれば、いつでも送ってください。";

// The greeting in the tenant's own voice: the shipped menu and greeting for a tenant whose
// knowledge base says what it answers (the about-bot entry); otherwise a greeting that names the
// topics of its own titles, so an imported city never speaks of the default base's seminars.
decision greeting_for(const knowledge::index& kb, std::string_view tenant) {
  decision d;
  d.chosen = route::clarify;
  if (kb.find(tenant, knowledge::well_known::about_bot) != nullptr) {
    d.message.text = greeting_text();
    d.message.quick_replies = menu_quick_replies();
    return d;
  }
  d.message.text = std::string(neutral_greeting_opening) + own_topics_line(kb, tenant) +
                   std::string(neutral_greeting_rest);
  if (kb.find(tenant, knowledge::well_known::human_handoff) != nullptr) {
    d.message.quick_replies.push_back(
        {"担当者と話したい", entry_payload(knowledge::well_known::human_handoff)});
  }
  return d;
}

decision small_talk_reply(const knowledge::index& kb, std::string_view tenant, small_talk kind,
                          std::chrono::year_month_day today) {
  if (kind == small_talk::help) {
    if (const knowledge::entry* about = kb.find(tenant, knowledge::well_known::about_bot)) {
      return answer_with(*about, route::answer, 1.0, today);
    }
  }
  if (kind == small_talk::thanks) {
    decision d;
    d.chosen = route::clarify;
    d.message.text = thanks_text;
    return d;
  }
  return greeting_for(kb, tenant);
}

constexpr std::size_t carousel_cards = 10;  // Messenger's carousel limit; LINE allows 12
constexpr std::size_t card_subtitle_limit = 80;

// The tenant's entries of a menu category as a carousel, best match first.
decision browse(const knowledge::index& kb, std::string_view tenant, const menu_category& category,
                std::chrono::year_month_day today) {
  decision d;
  d.chosen = route::clarify;
  const knowledge::ranking ranked = kb.rank(tenant, category.query, carousel_cards * 2, today);
  for (const knowledge::candidate& c : ranked.candidates) {
    if (d.message.cards.size() == carousel_cards) {
      break;
    }
    if (is_special_entry(c.match->id)) {
      continue;
    }
    card shown{c.match->title,
               short_title(answer_as_of(*c.match, today), card_subtitle_limit),
               entry_payload(c.match->id),
               {}};
    for (const knowledge::link& l : c.match->links) {
      shown.links.push_back({l.label, l.url});
    }
    d.message.cards.push_back(std::move(shown));
    d.candidates.push_back({c.match->id, c.match->title, c.score});
  }
  d.message.text =
      d.message.cards.empty()
          ? "このカテゴリーでご案内できる情報は、いまはありません。"
          : std::string(category.label) + "についての情報です。気になるものを選んでください。";
  d.message.quick_replies = menu_quick_replies();
  return d;
}

const char* crisis_entry_id(safety_topic topic) {
  return topic == safety_topic::self_harm ? knowledge::well_known::crisis_self_harm
                                          : knowledge::well_known::crisis_abuse;
}

decision crisis_reply(const knowledge::index& kb, std::string_view tenant, safety_topic topic,
                      std::chrono::year_month_day today) {
  decision d = answer_with(own_or_shipped_entry(kb, tenant, crisis_entry_id(topic)), route::safety,
                           1.0, today);
  // The abuse template speaks of children; a partner's violence, an elder's abuse or sexual harm
  // gets its own line too, first among the numbers (right after the template's opening lines):
  // the one that fits is the one read first.
  if (topic != safety_topic::self_harm && topic != safety_topic::child_abuse) {
    const std::string_view line = consultation_line(topic);
    std::string& text = d.message.text;
    if (text.find(line) == std::string::npos) {
      const std::size_t first_break = text.find('\n');
      if (first_break == std::string::npos) {
        text += "\n" + std::string(line);
      } else {
        text.insert(first_break + 1, std::string(line) + "\n");
      }
    }
  }
  return d;
}

// The topic of a crisis entry that ranks first or within a fifth of the first one's score.
std::optional<safety_topic> crisis_ranked_near_the_top(const decision& d) {
  if (d.candidates.empty()) {
    return std::nullopt;
  }
  const double top = d.candidates.front().score;
  for (const scored_candidate& c : d.candidates) {
    if (c.score < top * 0.8) {
      break;
    }
    if (is_safety_entry(c.entry_id)) {
      return c.entry_id == knowledge::well_known::crisis_self_harm ? safety_topic::self_harm
                                                                   : safety_topic::child_abuse;
    }
  }
  return std::nullopt;
}

void offer_choices(const knowledge::index& kb, std::string_view tenant,
                   const responder_options& options, decision& d) {
  d.chosen = route::clarify;
  d.entry_id.clear();
  d.message = {};
  d.flag_for_staff = false;
  d.message.text = clarify_text;
  for (std::size_t i = 0; i < d.candidates.size() && i < options.clarify_choices; ++i) {
    if (const knowledge::entry* e = kb.find(tenant, d.candidates[i].entry_id)) {
      d.message.quick_replies.push_back({short_title(e->title), entry_payload(e->id)});
    }
  }
}

// Puts the crisis entry of `topic` first among the choices (a clarify or fallback), once.
void offer_crisis_entry_first(const knowledge::index& kb, std::string_view tenant,
                              safety_topic topic, decision& d) {
  const knowledge::entry& crisis = own_or_shipped_entry(kb, tenant, crisis_entry_id(topic));
  auto& choices = d.message.quick_replies;
  const std::string payload = entry_payload(crisis.id);
  std::erase_if(choices, [&](const quick_reply& q) { return q.payload == payload; });
  choices.insert(choices.begin(), {short_title(crisis.title), payload});
}

void add_consultation_line(decision& d, safety_topic topic) {
  d.message.text += d.message.text.empty() ? "" : "\n\n";
  d.message.text += consultation_line(topic);
  d.consultation_line_added = true;
}

// A request the bot recognises by its own words: a person, small talk, deleting one's data.
bool is_explicit_request(const message& in, std::string_view normalized) {
  return asks_for_a_person(normalized) || small_talk_of(normalized) != small_talk::none ||
         data_request_of(in, normalized) != data_request::none;
}

// Everything after the safety check: a tapped payload, a request for a person, then the ranking.
decision decide_by_content(const knowledge::index& kb, std::string_view tenant, const message& in,
                           const std::string& normalized, const nlp::analysis& question,
                           const responder_options& options, std::chrono::year_month_day today,
                           bool hide_crisis_entries) {
  // A tapped quick reply names its entry: no ranking needed.
  if (const auto id = entry_id_of_payload(in.payload); !id.empty()) {
    if (const knowledge::entry* tapped = kb.find(tenant, id)) {
      return answer_with(*tapped, route_for(tapped->id), 1.0, today);
    }
  }

  if (in.payload == get_started_payload) {
    return greeting_for(kb, tenant);
  }
  if (const menu_category* category = find_menu_category(menu_id_of_payload(in.payload))) {
    if (!category->query.empty()) {
      return browse(kb, tenant, *category, today);
    }
  }

  if (asks_for_a_person(normalized)) {
    return answer_with(own_or_shipped_entry(kb, tenant, knowledge::well_known::human_handoff),
                       route::handoff, 1.0, today);
  }

  if (const small_talk kind = small_talk_of(normalized); kind != small_talk::none) {
    return small_talk_reply(kb, tenant, kind, today);
  }

  const calendar_ask asked = calendar_question_of(normalized, question, kb.analyzer());
  if (asked.only_the_calendar) {
    if (auto events = calendar_reply(kb, tenant, asked.kind, today)) {
      return std::move(*events);
    }
  }

  if (in.text.empty() && (in.payload.empty() || in.payload == sticker_payload) &&
      in.has_attachment) {
    decision d;
    d.chosen = route::fallback;
    d.message.text = attachment_text;
    return d;
  }

  knowledge::ranking ranked = kb.rank(tenant, question, options.candidates, today);
  // A crisis entry reached by ranking alone is never the hotline template: the safety signals
  // decide that, and the ranking knows no idioms (「死ぬほどどうでもいい」). Nor is the message
  // then answered with another entry: what led the ranking was the words of harm.
  const bool crisis_first =
      !ranked.candidates.empty() && is_safety_entry(ranked.candidates.front().match->id);
  if (hide_crisis_entries) {
    // The safety check read those words as an idiom or a context (死ぬ気で頑張ります): the crisis
    // entries are no choice either; the runner-up's confidence is the best's.
    if (crisis_first) {
      ranked.confidence = std::max(0.0, ranked.confidence - ranked.margin);
    }
    std::erase_if(ranked.candidates,
                  [](const knowledge::candidate& c) { return is_safety_entry(c.match->id); });
  }
  decision d;
  d.confidence = ranked.confidence;
  if (!ranked.candidates.empty()) {
    d.evidence = ranked.evidence;
  }
  for (const knowledge::candidate& c : ranked.candidates) {
    d.candidates.push_back({c.match->id, c.match->title, c.score});
  }

  // Unless the safety check explained it away, the crisis entry stays on offer among the
  // choices, with a consultation line (decide), so help is one tap away.
  // A hand-over is an act (staff are asked, the bot falls silent): the ranking leads to it only
  // when its title or an example question holds most of what was asked, not through words of its
  // answer (「市役所の開庁時間は？」 and 「開庁時間内に順番にお返事します」).
  const bool weak_hand_over =
      !ranked.candidates.empty() &&
      ranked.candidates.front().match->id == knowledge::well_known::human_handoff &&
      ranked.evidence.question_coverage < substantial_coverage;
  if (!ranked.candidates.empty() && !crisis_first && !weak_hand_over &&
      ranked.confidence >= options.answer_confidence) {
    const knowledge::entry& best = *ranked.candidates.front().match;
    decision answered = answer_with(best, route_for(best.id), ranked.confidence, today);
    answered.candidates = std::move(d.candidates);
    answered.evidence = d.evidence;
    return answered;
  }

  // A crisis entry the words of the message mostly lead to stays on offer, even alone; one that
  // shares a single everyday word with it (「明日の天気」 and 明日が来なければいい) does not.
  const bool crisis_on_offer = crisis_first && !hide_crisis_entries &&
                               ranked.evidence.entry_coverage >= substantial_coverage;
  // Choices are offered when they are plausible: the best one's title or an example question
  // shares a word with the message, or it holds half of what was asked. Words found only deep in
  // an answer (「駐車場は何台」 → an answer that mentions parking once) make unrelated choices.
  const knowledge::match_evidence& e = ranked.evidence;
  const bool plausible = e.question_coverage > 0 || e.entry_coverage >= substantial_coverage;
  if (!ranked.candidates.empty() &&
      (crisis_on_offer || (plausible && ranked.confidence >= options.clarify_confidence))) {
    offer_choices(kb, tenant, options, d);
    // A choice of one is a guess, and on every evaluation set it was a wrong one (「粗大ごみの
    // 出し方」 → ads-small-budget): saying so is more honest. A crisis entry stays on offer.
    if (d.message.quick_replies.size() > 1 || crisis_on_offer) {
      return d;
    }
  }

  // A question about dates the ranking could not place (「SNSセミナーの締切は？」) still gets the
  // calendar rather than an apology.
  if (auto events =
          asked.names_events ? calendar_reply(kb, tenant, asked.kind, today) : std::nullopt) {
    events->candidates = std::move(d.candidates);
    return std::move(*events);
  }
  d.chosen = route::fallback;
  d.message = {};
  d.message.text = std::string(fallback_apology);
  if (kb.find(tenant, knowledge::well_known::about_bot) != nullptr) {
    d.message.text += default_topics;
  } else if (const std::string topics = own_topics_line(kb, tenant); !topics.empty()) {
    d.message.text += topics + "\n";
  }
  d.message.text += fallback_staff_hint;
  if (kb.find(tenant, knowledge::well_known::human_handoff) != nullptr) {
    d.message.quick_replies.push_back(
        {"担当者と話したい", entry_payload(knowledge::well_known::human_handoff)});
  }
  return d;
}

}  // namespace

reply reply_for(const knowledge::entry& e, std::chrono::year_month_day today) {
  reply r;
  r.text = answer_as_of(e, today);
  for (const knowledge::link& l : e.links) {
    r.links.push_back({l.label, l.url});
  }
  return r;
}

std::chrono::year_month_day date_in_japan(std::chrono::sys_seconds instant) {
  using namespace std::chrono;
  return year_month_day(floor<days>(instant + hours(9)));
}

std::chrono::year_month_day today_in_japan() {
  return date_in_japan(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

decision decide(const knowledge::index& kb, std::string_view tenant, const message& in,
                const responder_options& options) {
  const auto today = options.today ? *options.today : today_in_japan();
  const std::string normalized = nlp::normalize(in.text);
  // One MeCab pass, read by the safety check and by the ranking.
  const std::vector<nlp::token> tokens = kb.analyzer().tokenize(normalized);
  safety_assessment safety = assess_safety(kb.analyzer(), normalized, tokens);
  if (safety.learned && is_explicit_request(in, normalized)) {
    // 「delete my data」「I need a person」: the request is plain; the model's guess yields to it.
    safety = {};
  }
  if (safety.level == safety_level::crisis) {
    decision d = crisis_reply(kb, tenant, safety.topic, today);
    d.safety_signal = safety.signal;
    return d;
  }
  decision d =
      decide_by_content(kb, tenant, in, normalized, nlp::analyzer::analyze(tokens), options, today,
                        safety.explained_away && safety.level == safety_level::none);
  const std::optional<safety_topic> ranked_crisis =
      safety.explained_away ? std::nullopt : crisis_ranked_near_the_top(d);
  if (safety.uncertain && ranked_crisis) {
    // Two readings that each heard a crisis, neither sure alone: the learned model and the
    // ranking against the crisis entries' examples. Together they are a crisis.
    decision crisis = crisis_reply(kb, tenant, *ranked_crisis, today);
    crisis.safety_signal = "learned model and ranking";
    return crisis;
  }
  if ((ranked_crisis || safety.uncertain) && d.chosen == route::answer) {
    // The ranking or the learned model heard a crisis the rules did not: never answer it with
    // another entry.
    offer_choices(kb, tenant, options, d);
  }
  if (safety.uncertain) {
    offer_crisis_entry_first(kb, tenant, safety.topic, d);
  }
  if (safety.level == safety_level::concern) {
    add_consultation_line(d, safety.topic);
    d.safety_signal = safety.signal;
  } else if (ranked_crisis) {
    add_consultation_line(d, *ranked_crisis);
    d.safety_signal = "ranking";
  }
  return d;
}

}  // namespace madoguchi::bot
