// Reply wording: chip titles and past events.
#include "madoguchi/bot/wording.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <array>

namespace madoguchi::bot {
namespace {

bool is_break(std::string_view c) {
  constexpr std::array<std::string_view, 10> breaks = {"（", "(", "「", "【", "、",
                                                       "，", ",", " ",  "・", "："};
  for (std::string_view b : breaks) {
    if (c == b) {
      return true;
    }
  }
  return false;
}

bool mentions_a_deadline(std::string_view answer) {
  return answer.find("締切") != std::string_view::npos ||
         answer.find("締め切") != std::string_view::npos ||
         answer.find("申込期限") != std::string_view::npos;
}

}  // namespace

std::string japanese_date(std::chrono::year_month_day d) {
  return std::to_string(static_cast<int>(d.year())) + "年" +
         std::to_string(static_cast<unsigned>(d.month())) + "月" +
         std::to_string(static_cast<unsigned>(d.day())) + "日";
}

std::string event_dates(std::chrono::year_month_day start, std::chrono::year_month_day end) {
  if (start == end) {
    return japanese_date(start);
  }
  if (start.year() == end.year() && start.month() == end.month()) {
    return japanese_date(start) + "〜" + std::to_string(static_cast<unsigned>(end.day())) + "日";
  }
  return japanese_date(start) + "〜" + japanese_date(end);
}

std::string short_title(std::string_view title, std::size_t limit) {
  const auto chars = nlp::characters_of(title);
  if (chars.size() <= limit || limit < 2) {
    return std::string(title);
  }
  std::size_t cut = limit - 1;  // room for …
  for (std::size_t i = cut; i > limit / 2; --i) {
    if (is_break(chars[i])) {
      cut = i;
      break;
    }
  }
  // A bracket opened and not closed before the cut reads badly: cut before it instead.
  std::size_t open = 0;
  bool unclosed = false;
  for (std::size_t i = 0; i < cut; ++i) {
    if (chars[i] == "（" || chars[i] == "(" || chars[i] == "「" || chars[i] == "【") {
      open = i;
      unclosed = true;
    } else if (chars[i] == "）" || chars[i] == ")" || chars[i] == "」" || chars[i] == "】") {
      unclosed = false;
    }
  }
  if (unclosed && open > limit / 2) {
    cut = open;
  }
  std::string out;
  for (std::size_t i = 0; i < cut; ++i) {
    out += chars[i];
  }
  return out + "…";
}

std::string answer_as_of(const knowledge::entry& e, std::chrono::year_month_day today) {
  const auto span = knowledge::event_days(e);
  if (span && span->second < today) {
    if (e.answer.find("開催されました") != std::string::npos) {
      return e.answer;
    }
    return "※このイベントは" + event_dates(span->first, span->second) +
           "に開催され、終了しています。\n" + e.answer;
  }
  if (e.apply_until && *e.apply_until < today) {
    return "※申し込みの受け付けは" + japanese_date(*e.apply_until) + "で締め切りました。\n" +
           e.answer;
  }
  if (e.apply_until && !mentions_a_deadline(e.answer)) {
    return "※申し込みの締め切りは" + japanese_date(*e.apply_until) + "です。\n" + e.answer;
  }
  return e.answer;
}

}  // namespace madoguchi::bot
