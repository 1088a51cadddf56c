// Scoring decisions against labelled questions (shared/spec/knowledge-base.md, "Evaluation sets").
#include "madoguchi/bot/evaluation.hpp"

#include "madoguchi/knowledge/entry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace madoguchi::bot {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string_view::npos;
       at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool is_safety_id(std::string_view id) {
  return id == knowledge::well_known::crisis_self_harm || id == knowledge::well_known::crisis_abuse;
}

bool expects(const labelled_question& q, std::string_view id) {
  return std::find(q.expected.begin(), q.expected.end(), id) != q.expected.end();
}

label_kind kind_of(const labelled_question& q) {
  if (q.expected.empty()) {
    return label_kind::out_of_scope;
  }
  return std::any_of(q.expected.begin(), q.expected.end(),
                     [](const std::string& id) { return is_safety_id(id); })
             ? label_kind::safety
             : label_kind::in_scope;
}

std::string rate(std::size_t right, std::size_t total) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f (%zu/%zu)",
                total == 0 ? 0.0 : static_cast<double>(right) / static_cast<double>(total), right,
                total);
  return text;
}

std::string_view outcome_name(outcome o) {
  switch (o) {
    case outcome::right: return "right";
    case outcome::near_hit: return "near hit";
    case outcome::missed: return "missed";
    case outcome::wrong: return "WRONG";
    case outcome::false_safety: return "FALSE SAFETY";
  }
  return "missed";
}

}  // namespace

std::variant<std::vector<labelled_question>, std::vector<evaluation_file_error>>
parse_evaluation_file(std::string_view text) {
  std::vector<labelled_question> questions;
  std::vector<evaluation_file_error> errors;
  std::size_t number = 0;
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  for (std::string_view line : split(text, '\n')) {
    ++number;
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    const auto fields = split(line, '\t');
    if (fields.size() != 3 && fields.size() != 4) {
      errors.push_back({number,
                        "expected 3 tab-separated fields (tenant, question, expected) and "
                        "optionally a fourth (kind), found " +
                            std::to_string(fields.size())});
      continue;
    }
    if (fields[0].empty() || fields[1].empty() || fields[2].empty()) {
      errors.push_back({number,
                        "the tenant, the question and the expected id must not be empty "
                        "(write - for a question the bot should not answer)"});
      continue;
    }
    labelled_question q{number,
                        std::string(fields[0]),
                        std::string(fields[1]),
                        {},
                        fields.size() == 4 ? std::string(fields[3]) : std::string()};
    if (fields[2] != "-") {
      for (std::string_view id : split(fields[2], '|')) {
        if (id.empty()) {
          errors.push_back({number, "an empty entry id in '" + std::string(fields[2]) +
                                        "'; separate alternatives with a single |"});
          break;
        }
        q.expected.emplace_back(id);
      }
    }
    questions.push_back(std::move(q));
  }
  if (!errors.empty()) {
    return errors;
  }
  return questions;
}

scored_question score(const labelled_question& question, const decision& made) {
  scored_question s{question, kind_of(question), outcome::right, false, 0, made};
  // A decision taken before ranking (safety, a request for a person) has no candidates: its entry
  // stands first.
  s.ranked_first = made.candidates.empty() ? expects(question, made.entry_id)
                                           : expects(question, made.candidates[0].entry_id);
  if (made.candidates.empty()) {
    s.rank = s.ranked_first ? 1 : 0;
  }
  for (std::size_t i = 0; i < made.candidates.size() && s.rank == 0; ++i) {
    s.rank = expects(question, made.candidates[i].entry_id) ? i + 1 : 0;
  }
  if (s.kind == label_kind::safety) {
    s.result = made.chosen == route::safety ? outcome::right : outcome::missed;
    if (made.chosen == route::answer) {
      s.result = outcome::wrong;
    }
    return s;
  }
  if (made.chosen == route::safety) {
    s.result = outcome::false_safety;
    return s;
  }
  if (s.kind == label_kind::out_of_scope) {
    s.result = made.chosen == route::answer ? outcome::wrong : outcome::right;
    return s;
  }
  // In scope. A handoff answers with the human-handoff entry: right when that was expected.
  if ((made.chosen == route::answer || made.chosen == route::handoff) &&
      expects(question, made.entry_id)) {
    s.result = outcome::right;
  } else if (made.chosen == route::answer) {
    s.result = outcome::wrong;
  } else if (made.chosen == route::clarify &&
             std::any_of(
                 made.candidates.begin(),
                 made.candidates.begin() +
                     static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, made.candidates.size())),
                 [&](const scored_candidate& c) { return expects(question, c.entry_id); })) {
    s.result = outcome::near_hit;
  } else {
    s.result = outcome::missed;
  }
  return s;
}

void add_to_report(evaluation_report& report, scored_question scored) {
  const bool right = scored.result == outcome::right;
  switch (scored.kind) {
    case label_kind::in_scope:
      ++report.in_scope;
      report.in_scope_right += right ? 1 : 0;
      report.near_hits += scored.result == outcome::near_hit ? 1 : 0;
      report.ranked_first += scored.ranked_first ? 1 : 0;
      report.ranked_in_top3 += scored.rank != 0 && scored.rank <= 3 ? 1 : 0;
      report.ranked_in_top10 += scored.rank != 0 && scored.rank <= 10 ? 1 : 0;
      report.reciprocal_ranks += scored.rank != 0 && scored.rank <= 10 ? 1.0 / scored.rank : 0;
      break;
    case label_kind::out_of_scope:
      ++report.out_of_scope;
      report.out_of_scope_right += right ? 1 : 0;
      break;
    case label_kind::safety:
      ++report.safety;
      report.safety_right += right ? 1 : 0;
      break;
  }
  if (scored.kind != label_kind::safety && scored.made.evidence) {
    report.calibration.push_back(
        {scored.made.confidence, scored.kind == label_kind::in_scope && scored.ranked_first});
  }
  report.answers += scored.made.chosen == route::answer ? 1 : 0;
  report.wrong_answers += scored.result == outcome::wrong ? 1 : 0;
  report.false_safety_routes += scored.result == outcome::false_safety ? 1 : 0;
  report.consultation_lines += scored.made.consultation_line_added ? 1 : 0;
  if (!scored.question.kind.empty()) {
    kind_tally& k = report.by_kind[scored.question.kind];
    ++k.lines;
    if (scored.kind == label_kind::safety) {
      ++k.safety;
      k.safety_right += right ? 1 : 0;
    }
    k.false_safety_routes += scored.result == outcome::false_safety ? 1 : 0;
    k.wrong_answers += scored.result == outcome::wrong ? 1 : 0;
    k.consultation_lines += scored.made.consultation_line_added ? 1 : 0;
  }
  if (!right) {
    report.misses.push_back(std::move(scored));
  }
}

double expected_calibration_error(const std::vector<calibration_point>& points) {
  constexpr std::size_t bands = 10;
  std::array<double, bands> predicted{}, observed{};
  std::array<std::size_t, bands> counts{};
  for (const calibration_point& p : points) {
    const std::size_t band = std::min(bands - 1, static_cast<std::size_t>(p.confidence * bands));
    predicted[band] += p.confidence;
    observed[band] += p.right ? 1 : 0;
    ++counts[band];
  }
  double error = 0;
  for (std::size_t band = 0; band < bands; ++band) {
    error += std::abs(predicted[band] - observed[band]);  // = count · |mean gap|
  }
  return points.empty() ? 0 : error / static_cast<double>(points.size());
}

std::string format_report(const evaluation_report& r) {
  std::string out;
  out += "questions:              " + std::to_string(r.in_scope + r.out_of_scope + r.safety) +
         " (" + std::to_string(r.in_scope) + " in scope, " + std::to_string(r.out_of_scope) +
         " out of scope, " + std::to_string(r.safety) + " safety)\n";
  out += "in-scope top-1:         " + rate(r.in_scope_right, r.in_scope) + "\n";
  out += "near hits (clarify):    " + std::to_string(r.near_hits) + "\n";
  out += "ranked first:           " + rate(r.ranked_first, r.in_scope) + "\n";
  out += "ranked in top 3:        " + rate(r.ranked_in_top3, r.in_scope) + "\n";
  out += "ranked in top 10:       " + rate(r.ranked_in_top10, r.in_scope) + "\n";
  char mrr[32];
  std::snprintf(mrr, sizeof mrr, "%.3f",
                r.in_scope == 0 ? 0.0 : r.reciprocal_ranks / static_cast<double>(r.in_scope));
  out += "MRR@10:                 " + std::string(mrr) + "\n";
  out += "wrong answers:          " + std::to_string(r.wrong_answers) + " of " +
         std::to_string(r.answers) + " answers\n";
  out += "out-of-scope handled:   " + rate(r.out_of_scope_right, r.out_of_scope) + "\n";
  out += "safety recall:          " + rate(r.safety_right, r.safety) + "\n";
  out += "false safety routes:    " + std::to_string(r.false_safety_routes) + "\n";
  out += "consultation lines:     " + std::to_string(r.consultation_lines) + "\n";
  if (!r.calibration.empty()) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "calibration error:      %.3f (%zu ranked questions; confidence band, "
                  "questions, mean confidence, share whose best entry was right)\n",
                  expected_calibration_error(r.calibration), r.calibration.size());
    out += line;
    for (int band = 0; band < 10; ++band) {
      std::size_t count = 0, right = 0;
      double confidence = 0;
      for (const calibration_point& p : r.calibration) {
        if (std::min(9, static_cast<int>(p.confidence * 10)) == band) {
          ++count;
          right += p.right ? 1 : 0;
          confidence += p.confidence;
        }
      }
      if (count != 0) {
        std::snprintf(line, sizeof line, "  %.1f-%.1f %4zu  %.2f  %.2f\n", band / 10.0,
                      (band + 1) / 10.0, count, confidence / static_cast<double>(count),
                      static_cast<double>(right) / static_cast<double>(count));
        out += line;
      }
    }
  }
  if (!r.by_kind.empty()) {
    out +=
        "by kind (lines, safety recall, false safety routes, wrong answers, consultation "
        "lines):\n";
    for (const auto& [kind, k] : r.by_kind) {
      char row[160];
      std::snprintf(row, sizeof row, "  %-20s %4zu  %-16s %3zu %3zu %3zu\n", kind.c_str(), k.lines,
                    k.safety == 0 ? "-" : rate(k.safety_right, k.safety).c_str(),
                    k.false_safety_routes, k.wrong_answers, k.consultation_lines);
      out += row;
    }
  }
  if (r.misses.empty()) {
    return out;
  }
  out += "misses:\n";
  for (const scored_question& m : r.misses) {
    std::string expected;
    for (const std::string& id : m.question.expected) {
      expected += (expected.empty() ? "" : "|") + id;
    }
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.2f", m.made.confidence);
    out += "  line " + std::to_string(m.question.line) + " [" +
           std::string(outcome_name(m.result)) + "] " + m.question.tenant + " 「" +
           m.question.text + "」 expected " + (expected.empty() ? "-" : expected) + ", got " +
           std::string(to_string(m.made.chosen)) +
           (m.made.entry_id.empty() ? "" : " " + m.made.entry_id) + " (" + confidence + ")";
    std::string candidates;
    for (std::size_t i = 0; i < m.made.candidates.size() && i < 3; ++i) {
      candidates += (i == 0 ? "" : ", ") + m.made.candidates[i].entry_id;
    }
    out += candidates.empty() ? "\n" : "; candidates " + candidates + "\n";
  }
  return out;
}

}  // namespace madoguchi::bot
