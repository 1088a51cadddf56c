// The decision: safety -> tapped payload -> a request for a person -> ranking -> answer /
// clarify / fallback.
#include "madoguchi/bot/responder.hpp"

#include "madoguchi/bot/handoff.hpp"
#include "madoguchi/bot/menu.hpp"
#include "madoguchi/bot/safety.hpp"
#include "madoguchi/bot/wording.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <algorithm>

namespace madoguchi::bot {
namespace {

constexpr std::string_view clarify_text =
    "ご質問の内容を確認させてください。次のうち、知りたいことに近いものを選んでください。";

constexpr std::string_view fallback_text =
    "申し訳ありません。そのご質問には、このアカウントではお答えできませんでした。\n"
    "このアカウントでは、SNS活用セミナーと申し込み方法、子どもとSNSの安全、"
    "災害時のFacebookの使い方、中小企業・お店のSNS活用などについてお答えしています。\n"
    "職員と直接やりとりしたいときは「担当者と話したい」と送ってください。";

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

decision greeting_with_menu() {
  decision d;
  d.chosen = route::clarify;
  d.message.text = greeting_text();
  d.message.quick_replies = menu_quick_replies();
  return d;
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

}  // namespace

reply reply_for(const knowledge::entry& e, std::chrono::year_month_day today) {
  reply r;
  r.text = answer_as_of(e, today);
  for (const knowledge::link& l : e.links) {
    r.links.push_back({l.label, l.url});
  }
  return r;
}

std::chrono::year_month_day today_in_japan() {
  using namespace std::chrono;
  return year_month_day(floor<days>(system_clock::now() + hours(9)));
}

decision decide(const knowledge::index& kb, std::string_view tenant, const message& in,
                const responder_options& options) {
  const auto today = options.today ? *options.today : today_in_japan();
  const std::string normalized = nlp::normalize(in.text);
  if (const auto signal = detect_safety_signal(normalized)) {
    const char* id = *signal == safety_signal::self_harm ? knowledge::well_known::crisis_self_harm
                                                         : knowledge::well_known::crisis_abuse;
    return answer_with(own_or_shipped_entry(kb, tenant, id), route::safety, 1.0, today);
  }

  // A tapped quick reply names its entry: no ranking needed.
  if (const auto id = entry_id_of_payload(in.payload); !id.empty()) {
    if (const knowledge::entry* tapped = kb.find(tenant, id)) {
      return answer_with(*tapped, route_for(tapped->id), 1.0, today);
    }
  }

  if (in.payload == get_started_payload) {
    return greeting_with_menu();
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

  if (in.text.empty() && in.payload.empty() && in.has_attachment) {
    decision d;
    d.chosen = route::fallback;
    d.message.text = attachment_text;
    return d;
  }

  const knowledge::ranking ranked = kb.rank(tenant, in.text, options.candidates, today);
  decision d;
  d.confidence = ranked.confidence;
  for (const knowledge::candidate& c : ranked.candidates) {
    d.candidates.push_back({c.match->id, c.match->title, c.score});
  }

  // A crisis entry reached by ranking alone needs more certainty than an ordinary answer; below
  // it, it stays on offer among the choices, so help is one tap away without alarming someone
  // whose message only shares words with it.
  const bool crisis_first =
      !ranked.candidates.empty() && is_safety_entry(ranked.candidates.front().match->id);
  const double needed = crisis_first
                            ? std::max(options.answer_confidence, options.safety_confidence)
                            : options.answer_confidence;
  if (!ranked.candidates.empty() && ranked.confidence >= needed) {
    const knowledge::entry& best = *ranked.candidates.front().match;
    decision answered = answer_with(best, route_for(best.id), ranked.confidence, today);
    answered.candidates = std::move(d.candidates);
    return answered;
  }

  if (!ranked.candidates.empty() && ranked.confidence >= options.clarify_confidence) {
    d.chosen = route::clarify;
    d.message.text = clarify_text;
    const std::size_t shown = std::min(options.clarify_choices, ranked.candidates.size());
    for (std::size_t i = 0; i < shown; ++i) {
      const knowledge::entry& e = *ranked.candidates[i].match;
      d.message.quick_replies.push_back({short_title(e.title), entry_payload(e.id)});
    }
    return d;
  }

  d.chosen = route::fallback;
  d.message.text = fallback_text;
  if (kb.find(tenant, knowledge::well_known::human_handoff) != nullptr) {
    d.message.quick_replies.push_back(
        {"担当者と話したい", entry_payload(knowledge::well_known::human_handoff)});
  }
  return d;
}

}  // namespace madoguchi::bot
