#include "calendar.hpp"

#include "madoguchi/bot/reply.hpp"
#include "madoguchi/bot/wording.hpp"
#include "madoguchi/nlp/normalize.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>
#include <vector>

namespace madoguchi::bot {
namespace {

using std::chrono::year_month_day;

// Written as nlp::normalize and fold_kana leave them (katakana as hiragana, latin lower-case).
constexpr std::array<std::string_view, 14> deadline_cues = {
    "締切",     "締め切", "しめきり", "〆切",     "申込期限",     "申し込み期限", "申込みの期限",
    "いつまで", "期限",   "受付期間", "申込期間", "申し込み期間", "deadline",     "apply by"};
constexpr std::array<std::string_view, 3> this_month_cues = {"今月", "こんげつ", "this month"};
constexpr std::array<std::string_view, 3> next_month_cues = {"来月", "らいげつ", "next month"};
constexpr std::array<std::string_view, 15> upcoming_cues = {
    "次の", "つぎの", "次回", "今度の", "こんどの", "今後", "これから", "近々",
    "直近", "予定",   "いつ", "次は",   "upcoming", "next", "schedule"};
constexpr std::array<std::string_view, 15> event_nouns = {
    "講座", "せみな", "いべんと",       "研修",    "教室",  "講演",     "説明会", "勉強会",
    "催し", "行事",   "わーくしょっぷ", "seminar", "event", "workshop", "class"};

// The words a calendar question is made of; any other content word names what it asks about.
constexpr std::string_view calendar_words =
    "次 次回 今度 今後 これから 近々 直近 最新 予定 日程 いつ 開催 ある やる 行う 教える 知る "
    "知りたい "
    "講座 セミナー イベント 研修 教室 講演 講演会 説明会 勉強会 催し 行事 ワークショップ 今月 来月 "
    "締切 締め切り 〆切 しめきり 申込 申し込み 申込み 申し込む 期限 受付 期間 参加 募集 何 日 月 "
    "seminar seminars event events workshop workshops class classes next upcoming deadline "
    "schedule when this month";

template <std::size_t n>
bool has_any(std::string_view text, const std::array<std::string_view, n>& cues) {
  return std::any_of(cues.begin(), cues.end(), [&](std::string_view cue) {
    return text.find(cue) != std::string_view::npos;
  });
}

bool only_calendar_words(const nlp::analysis& question, const nlp::analyzer& analyzer) {
  static const std::unordered_set<std::string> keys = [&analyzer] {
    std::unordered_set<std::string> out;
    for (const nlp::word& w : analyzer.analyze(nlp::normalize(calendar_words)).words) {
      out.insert(w.key);
    }
    return out;
  }();
  return std::all_of(question.words.begin(), question.words.end(),
                     [](const nlp::word& w) { return keys.contains(w.key); });
}

struct event {
  const knowledge::entry* entry;
  year_month_day start, end;
};

year_month_day first_of_month(year_month_day d, int months_ahead) {
  const std::chrono::year_month ym =
      std::chrono::year_month(d.year(), d.month()) + std::chrono::months(months_ahead);
  return ym / std::chrono::day(1);
}

year_month_day last_of_month(year_month_day first) {
  return first.year() / first.month() / std::chrono::last;
}

std::string subtitle_of(const event& e, year_month_day today) {
  std::string out = "開催：" + event_dates(e.start, e.end);
  if (e.entry->apply_until) {
    out += *e.entry->apply_until < today ? "（申し込み受付終了）"
                                         : "／申込締切：" + japanese_date(*e.entry->apply_until);
  }
  return out;
}

constexpr std::size_t listed_events = 5;

decision listing(const std::vector<event>& events, std::string text, year_month_day today) {
  decision d;
  d.chosen = route::answer;
  d.confidence = 1.0;
  d.calendar_listing = true;
  d.message.text = std::move(text);
  for (const event& e : events) {
    if (d.message.cards.size() == listed_events) {
      break;
    }
    card shown{e.entry->title, subtitle_of(e, today), entry_payload(e.entry->id), {}};
    for (const knowledge::link& l : e.entry->links) {
      shown.links.push_back({l.label, l.url});
    }
    d.message.cards.push_back(std::move(shown));
    d.candidates.push_back({e.entry->id, e.entry->title, 1.0});
  }
  // The nearest event is what a follow-up (「その申込先は？」) refers to.
  d.entry_id = events.front().entry->id;
  return d;
}

std::string named(const event& e) {
  const std::string dates = event_dates(e.start, e.end);
  // Event titles often carry their date already: 「…セミナー（大阪府・2020年3月19日）」.
  if (e.entry->title.find(japanese_date(e.start)) != std::string::npos) {
    return "「" + e.entry->title + "」";
  }
  return "「" + e.entry->title + "」（" + dates + "）";
}

}  // namespace

calendar_ask calendar_question_of(std::string_view normalized, const nlp::analysis& question,
                                  const nlp::analyzer& analyzer) {
  const std::string folded = nlp::fold_kana(normalized);
  calendar_ask asked;
  asked.names_events = has_any(folded, event_nouns);
  if (has_any(folded, deadline_cues)) {
    asked.kind = calendar_question::deadlines;
  } else if (!asked.names_events) {
    return asked;
  } else if (has_any(folded, this_month_cues)) {
    asked.kind = calendar_question::this_month;
  } else if (has_any(folded, next_month_cues)) {
    asked.kind = calendar_question::next_month;
  } else if (has_any(folded, upcoming_cues)) {
    asked.kind = calendar_question::upcoming;
  } else {
    return asked;
  }
  asked.only_the_calendar = only_calendar_words(question, analyzer);
  return asked;
}

std::optional<decision> calendar_reply(const knowledge::index& kb, std::string_view tenant,
                                       calendar_question asked, year_month_day today) {
  if (asked == calendar_question::none) {
    return std::nullopt;
  }
  std::vector<event> events;
  for (const knowledge::entry* e : kb.entries_of(tenant)) {
    if (const auto span = knowledge::event_days(*e)) {
      events.push_back({e, span->first, span->second});
    }
  }
  if (events.empty()) {
    return std::nullopt;
  }
  std::sort(events.begin(), events.end(), [](const event& a, const event& b) {
    return a.start != b.start ? a.start < b.start : a.entry->title < b.entry->title;
  });
  std::vector<event> ahead;
  std::copy_if(events.begin(), events.end(), std::back_inserter(ahead),
               [&](const event& e) { return !(e.end < today); });

  if (ahead.empty()) {
    const event& last = *std::max_element(
        events.begin(), events.end(), [](const event& a, const event& b) { return a.end < b.end; });
    std::string text = "これから開催が決まっている講座・イベントは、いまはありません。最近では" +
                       named(last) + "が開催されました。";
    if (!last.entry->links.empty()) {
      text += "新しい予定は、下のページでもご確認いただけます。";
    }
    return listing({last}, std::move(text), today);
  }

  if (asked == calendar_question::deadlines) {
    std::vector<event> open;
    std::copy_if(ahead.begin(), ahead.end(), std::back_inserter(open), [&](const event& e) {
      return e.entry->apply_until && !(*e.entry->apply_until < today);
    });
    if (open.empty()) {
      return listing(ahead,
                     "申し込みの締め切りが決まっている講座・イベントはありません。これから開催"
                     "される講座・イベントです（開催日の早い順）。申し込み方法はそれぞれのページで"
                     "ご確認ください。",
                     today);
    }
    std::stable_sort(open.begin(), open.end(), [](const event& a, const event& b) {
      return *a.entry->apply_until < *b.entry->apply_until;
    });
    return listing(open, "申し込みを受け付けている講座・イベントです（締め切りの早い順）。", today);
  }

  if (asked == calendar_question::this_month || asked == calendar_question::next_month) {
    const year_month_day first =
        first_of_month(today, asked == calendar_question::this_month ? 0 : 1);
    const year_month_day last = last_of_month(first);
    std::vector<event> in_month;
    std::copy_if(ahead.begin(), ahead.end(), std::back_inserter(in_month),
                 [&](const event& e) { return !(last < e.start) && !(e.end < first); });
    const std::string month = std::to_string(static_cast<unsigned>(first.month())) + "月";
    const std::string which = asked == calendar_question::this_month
                                  ? "今月（" + month + "）これから"
                                  : "来月（" + month + "）に";
    if (in_month.empty()) {
      return listing(
          ahead,
          which + "開催される講座・イベントはありません。次は" + named(ahead.front()) + "です。",
          today);
    }
    return listing(in_month, which + "開催される講座・イベントです（開催日の早い順）。", today);
  }

  return listing(ahead,
                 "これから開催される講座・イベントです（開催日の早い順）。次は" +
                     named(ahead.front()) + "です。",
                 today);
}

}  // namespace madoguchi::bot
