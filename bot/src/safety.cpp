// Safety assessment: find the terms of bot/data/safety_signals.toml in the analysed message,
// then weigh what was said against who is named and in what context.
#include "madoguchi/bot/safety.hpp"

#include "safety_model.hpp"
#include "safety_rules.hpp"
#include "safety_text.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>

namespace madoguchi::bot {
namespace {

using namespace safety_internal;

enum class place : std::uint8_t { written, reading, latin };

struct hit {
  std::uint32_t term = 0;
  place where = place::written;
  // Japanese: the first and last of MeCab's words the term covers, so that an idiom found in the
  // written text also hides a term found in the reading; latin: byte offsets in the words.
  std::uint32_t first = 0, last = 0;
};

bool fits(const term& t, const projection& p, std::size_t at, bool in_reading) {
  const std::size_t end = at + t.text.size();
  if (end > p.text.size() || p.text.compare(at, t.text.size(), t.text) != 0) {
    return false;
  }
  if (!in_reading && t.anywhere) {
    return true;
  }
  if (!p.word_start[at]) {
    return false;
  }
  if (p.may_end[end] & projection::word_end) {
    return true;
  }
  // Inside a verb or an auxiliary, only a signal's term that began in an earlier word may end
  // (けられ in 蹴ら|れる); not one inside a single word (ぶつ in ぶつかる), nor a concept's word,
  // which names someone or something (ねこ in 寝込んで's ねこんで).
  return t.role != term_role::concept_word && (p.may_end[end] & projection::inside_inflection) &&
         p.word_at[at] != p.word_at[end - 1];
}

void find_in(const projection& p, bool in_reading,
             const std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>& by_first,
             const rules& r, std::vector<hit>& hits) {
  const std::string_view text = p.text;
  for (std::size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (in_reading && !p.word_start[at]) {
      at += length;
      continue;
    }
    if (const auto found = by_first.find(first_character_key(text.substr(at, length)));
        found != by_first.end()) {
      const std::uint64_t here = head_at(text, at);
      for (const std::uint32_t index : found->second) {
        const term& t = r.terms[index];
        if ((here & t.head_mask) == t.head && fits(t, p, at, in_reading)) {
          const std::size_t end = at + t.text.size();
          hits.push_back({index, in_reading ? place::reading : place::written, p.word_at[at],
                          p.word_at[end - 1]});
        }
      }
    }
    at += length;
  }
}

void find_latin(const std::string& words, const rules& r, std::vector<hit>& hits) {
  if (words.size() <= 2) {
    return;
  }
  for (const std::uint32_t index : r.latin_terms) {
    const term& t = r.terms[index];
    // words is " a b c ": a term is a run of whole words, the last one open with a prefix term.
    for (std::size_t at = words.find(t.text); at != std::string::npos;
         at = words.find(t.text, at + 1)) {
      const std::size_t end = at + t.text.size();
      if (words[at - 1] == ' ' && (t.prefix || words[end] == ' ')) {
        hits.push_back({index, place::latin, static_cast<std::uint32_t>(at),
                        static_cast<std::uint32_t>(end - 1)});
      }
    }
  }
}

bool inside_idiom(const hit& h, const std::vector<hit>& hits, const rules& r) {
  return std::any_of(hits.begin(), hits.end(), [&](const hit& idiom) {
    return r.terms[idiom.term].role == term_role::idiom &&
           (idiom.where == place::latin) == (h.where == place::latin) && idiom.first <= h.last &&
           h.first <= idiom.last;
  });
}

// A hit that a signal's words said (outside idioms) continue after: 自殺 in 自殺する; not 虐待
// read both as a topic and as a signal's word, nor 高齢者虐待.
bool inside_signal_told(const hit& h, const std::vector<hit>& hits, const rules& r,
                        const std::vector<bool>& said) {
  return std::any_of(hits.begin(), hits.end(), [&](const hit& told) {
    const term& t = r.terms[told.term];
    return t.role == term_role::signal && said[t.owner] &&
           (told.where == place::latin) == (h.where == place::latin) && told.first <= h.first &&
           h.last < told.last && !inside_idiom(told, hits, r);
  });
}

bool contains(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The parts of the message (bits of `part_of_word`) in which a verb of `s` is followed within two
// words by one of its endings, outside every idiom; 0 when none.
std::uint32_t parts_said_by_verb(const signal_rule& s, const std::vector<nlp::token>& tokens,
                                 const std::vector<hit>& hits, const rules& r,
                                 const std::vector<std::uint32_t>& part_of_word) {
  std::uint32_t parts = 0;
  if (s.verbs.empty()) {
    return parts;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].part_of_speech != "動詞" ||
        !contains(s.verbs, nlp::fold_kana(tokens[i].base_form))) {
      continue;
    }
    for (std::size_t next = i + 1; next < tokens.size() && next <= i + 2; ++next) {
      if (contains(s.followed_by, nlp::fold_kana(tokens[next].base_form))) {
        const hit spoken{0, place::written, static_cast<std::uint32_t>(i),
                         static_cast<std::uint32_t>(next)};
        if (!inside_idiom(spoken, hits, r)) {
          parts |= part_of_word[i];
        }
      }
    }
  }
  return parts;
}

constexpr std::uint32_t every_part = ~std::uint32_t{0};

// The part of the message each of MeCab's words is in, as one bit: a part begins at a word of
// rules::part_opener that follows punctuation (「…できますか。それと、夫が…」). Parts after the
// 32nd share its bit.
std::vector<std::uint32_t> parts_of_words(const std::vector<nlp::token>& tokens,
                                          const std::vector<hit>& hits, const rules& r) {
  std::vector<bool> opens(tokens.size(), false);
  for (const hit& h : hits) {
    const term& t = r.terms[h.term];
    if (t.role == term_role::concept_word && t.owner == r.part_opener && h.where != place::latin &&
        h.first > 0 && h.first < tokens.size() && tokens[h.first - 1].part_of_speech == "記号") {
      opens[h.first] = true;
    }
  }
  std::vector<std::uint32_t> part_of_word(tokens.size());
  unsigned part = 0;
  for (std::size_t w = 0; w < tokens.size(); ++w) {
    part = opens[w] ? std::min(part + 1, 31u) : part;
    part_of_word[w] = std::uint32_t{1} << part;
  }
  return part_of_word;
}

// The parts a hit is in; latin words are not MeCab's words, so a latin hit is in every part.
std::uint32_t parts_of(const hit& h, const std::vector<std::uint32_t>& part_of_word) {
  return h.where == place::latin || h.first >= part_of_word.size() ? every_part
                                                                   : part_of_word[h.first];
}

// A message of one or two words (「ありがとうございました」, 「。。。」) tells the model too
// little: only the rules read it.
constexpr std::size_t min_content_words_for_the_model = 2;
// A sentence of a longer message is read alone when it says at least this much (「払わなかったら
// どうなるのか。」 alone sounds darker than it is).
constexpr std::size_t min_content_words_for_a_sentence = 3;

std::size_t content_words(std::span<const nlp::token> tokens) {
  return static_cast<std::size_t>(
      std::count_if(tokens.begin(), tokens.end(), [](const nlp::token& t) {
        return (t.part_of_speech == "名詞" && t.subclass != "非自立" && t.subclass != "接尾") ||
               (t.part_of_speech == "動詞" && t.subclass == "自立") ||
               t.part_of_speech == "形容詞" || t.part_of_speech == "副詞";
      }));
}

bool ends_a_sentence(const nlp::token& t) {
  return t.surface == "。" || t.surface == "?" || t.surface == "!" || t.surface == "…";
}

// The written text of MeCab's words [first, end) of the message: a slice of the whole.
std::string_view written_words(const projection& written, std::size_t first, std::size_t end) {
  const auto at_word = [&](std::size_t word) {
    const auto found = std::find_if(written.word_at.begin(), written.word_at.end(),
                                    [word](std::uint16_t w) { return w >= word; });
    return static_cast<std::size_t>(found - written.word_at.begin());
  };
  const std::size_t begin = at_word(first);
  return std::string_view(written.text).substr(begin, at_word(end) - begin);
}

// The model's probabilities for the whole message and, when it has several sentences, for each
// sentence that says enough alone; the one most in danger wins. A crisis told after an ordinary
// question to the city (「住民票はコンビニで取れますか？ それと、身辺整理は終わりました」) is read
// on its own, not diluted by the question's everyday words.
std::array<double, model_classes> most_dangerous_reading(const nlp::analyzer& analyzer,
                                                         const analysed_message& message,
                                                         const std::vector<nlp::token>& tokens,
                                                         double sentence_weight) {
  const safety_model& model = embedded_model(analyzer);
  std::array<double, model_classes> best = model.predict(features_of(message, tokens));
  const auto danger = [](const std::array<double, model_classes>& p) {
    return p[static_cast<std::size_t>(model_class::self_harm)] +
           p[static_cast<std::size_t>(model_class::abuse)];
  };
  const bool has_latin = message.latin.size() > 1;
  const std::span<const nlp::token> all(tokens);
  std::size_t begin = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!ends_a_sentence(tokens[i]) && i + 1 < tokens.size()) {
      continue;
    }
    const std::size_t end = i + 1;
    if (begin == 0 && end == tokens.size()) {
      break;  // one sentence: the whole message, read above
    }
    const std::span<const nlp::token> sentence = all.subspan(begin, end - begin);
    if (content_words(sentence) >= min_content_words_for_a_sentence) {
      std::string surfaces;
      if (has_latin) {
        for (const nlp::token& t : sentence) {
          surfaces += t.surface;
          surfaces += ' ';  // keeps latin words apart
        }
      }
      auto p = model.predict(features_of(written_words(message.written, begin, end),
                                         has_latin ? latin_words(surfaces) : std::string(" "),
                                         sentence));
      // A sentence alone says less than the message: it must be surer to count.
      p[static_cast<std::size_t>(model_class::self_harm)] *= sentence_weight;
      p[static_cast<std::size_t>(model_class::abuse)] *= sentence_weight;
      if (danger(p) > danger(best)) {
        best = p;
      }
    }
    begin = end;
  }
  return best;
}

bool any_present(const std::vector<std::uint16_t>& concepts, const std::vector<bool>& present) {
  return std::any_of(concepts.begin(), concepts.end(), [&](std::uint16_t c) { return present[c]; });
}

// One of `concepts` named in one of the parts `parts`.
bool any_in_parts(const std::vector<std::uint16_t>& concepts,
                  const std::vector<std::uint32_t>& parts_named, std::uint32_t parts) {
  return std::any_of(concepts.begin(), concepts.end(),
                     [&](std::uint16_t c) { return (parts_named[c] & parts) != 0; });
}

}  // namespace

safety_assessment assess_safety(const nlp::analyzer& analyzer, std::string_view normalized) {
  return assess_safety(analyzer, normalized, analyzer.tokenize(normalized));
}

safety_assessment assess_safety(const nlp::analyzer& analyzer, std::string_view normalized,
                                const std::vector<nlp::token>& tokens) {
  const rules& r = embedded_rules();
  const analysed_message message = analyse(normalized, tokens);
  std::vector<hit> hits;
  find_in(message.written, false, r.written_by_first, r, hits);
  find_in(message.reading, true, r.reading_by_first, r, hits);
  find_latin(message.latin, r, hits);

  const std::vector<std::uint32_t> part_of_word = parts_of_words(tokens, hits, r);
  std::vector<bool> present(r.concepts.size(), false);
  std::vector<std::uint32_t> parts_named(r.concepts.size(), 0);
  std::vector<bool> said(r.signals.size(), false);
  std::vector<std::uint32_t> parts_told(r.signals.size(), 0);
  safety_assessment best;
  for (const hit& h : hits) {
    const term& t = r.terms[h.term];
    if (t.role == term_role::concept_word) {
      present[t.owner] = true;
      parts_named[t.owner] |= parts_of(h, part_of_word);
    } else if (t.role == term_role::idiom) {
      best.explained_away = true;
    } else if (!inside_idiom(h, hits, r)) {
      said[t.owner] = true;
      parts_told[t.owner] |= parts_of(h, part_of_word);
    }
  }

  // What a concept needs must be named apart from the harm told: in 「講座に申し込みたい…いや、
  // 自殺する」 the 自殺 of 自殺する is no topic of the 講座.
  for (const auto& [needing, needs] : r.concept_needs) {
    const std::vector<std::uint16_t>& needed = needs;  // clang 14 captures no structured binding
    const bool named_apart = std::any_of(hits.begin(), hits.end(), [&](const hit& h) {
      const term& t = r.terms[h.term];
      return t.role == term_role::concept_word &&
             std::find(needed.begin(), needed.end(), t.owner) != needed.end() &&
             !inside_signal_told(h, hits, r, said);
    });
    present[needing] = present[needing] && named_apart;
    parts_named[needing] = present[needing] ? parts_named[needing] : 0;
  }

  for (std::size_t i = 0; i < r.signals.size(); ++i) {
    if (!said[i]) {
      parts_told[i] = parts_said_by_verb(r.signals[i], tokens, hits, r, part_of_word);
      said[i] = parts_told[i] != 0;
    }
  }

  bool downgraded = false;  // a crisis signal that a context made a concern
  for (std::size_t i = 0; i < r.signals.size(); ++i) {
    const signal_rule& s = r.signals[i];
    if (!said[i] || (!s.with.empty() && !any_present(s.with, present)) ||
        (!s.also_with.empty() && !any_present(s.also_with, present))) {
      continue;
    }
    // The contexts that lower a signal count in the parts of the message that tell it.
    const std::uint32_t told_in = parts_told[i];
    if (any_in_parts(s.ignore_with, parts_named, told_in)) {
      best.explained_away = true;
      continue;
    }
    safety_level level = s.level;
    const auto& keep =
        any_in_parts(r.stories, parts_named, told_in) ? r.keep_in_story : s.keep_with;
    const bool softened = any_in_parts(s.softened_by, parts_named, told_in) &&
                          !any_present(s.softened_unless, present);
    if (level == safety_level::crisis &&
        (softened ||
         (any_in_parts(s.concern_with, parts_named, told_in) && !any_present(keep, present)))) {
      level = safety_level::concern;
      downgraded = true;
    }
    if (level > best.level) {
      best.level = level;
      best.topic = s.topic;
      best.signal = s.name;
    }
  }
  // The learned model speaks where no rule did (or only of a topic); where a rule read the words
  // of harm in a context, or explained them away, the rule has the last word.
  if (best.level != safety_level::crisis && !downgraded && !best.explained_away &&
      content_words(tokens) >= min_content_words_for_the_model) {
    const auto p = most_dangerous_reading(analyzer, message, tokens, r.model_sentence_weight);
    const double danger = p[static_cast<std::size_t>(model_class::self_harm)] +
                          p[static_cast<std::size_t>(model_class::abuse)];
    const double crisis_at =
        any_present(r.model_contexts, present) ? r.model_crisis_in_context : r.model_crisis;
    const safety_level learned = danger >= crisis_at         ? safety_level::crisis
                                 : danger >= r.model_concern ? safety_level::concern
                                                             : safety_level::none;
    if (learned > best.level) {
      best.level = learned;
      best.topic = p[static_cast<std::size_t>(model_class::self_harm)] >=
                           p[static_cast<std::size_t>(model_class::abuse)]
                       ? safety_topic::self_harm
                       : safety_topic::child_abuse;
      best.signal = "learned model";
      best.uncertain = learned == safety_level::concern;
      best.learned = true;
    }
  }
  if (best.topic == safety_topic::child_abuse) {
    for (const auto& [concept_index, topic] : r.topic_by_who) {
      if (present[concept_index]) {
        best.topic = topic;
        break;
      }
    }
  }
  return best;
}

void prepare_safety(const nlp::analyzer& analyzer) {
  embedded_rules();
  embedded_model(analyzer);
}

std::string_view consultation_line(safety_topic topic) {
  return embedded_rules().lines[static_cast<std::size_t>(topic)];
}

}  // namespace madoguchi::bot
