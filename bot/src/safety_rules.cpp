#include "safety_rules.hpp"

#include "embedded_safety_signals_toml.hpp"
#include "safety_text.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace madoguchi::bot::safety_internal {
namespace {

constexpr std::array<std::string_view, 5> topic_names = {
    "self_harm", "child_abuse", "partner_violence", "elder_abuse", "sexual_harm"};

safety_topic topic_named(std::string_view name, std::string_view where) {
  for (std::size_t i = 0; i < topic_names.size(); ++i) {
    if (topic_names[i] == name) {
      return static_cast<safety_topic>(i);
    }
  }
  throw std::invalid_argument(std::string(where) + ": unknown topic '" + std::string(name) +
                              "'; use self_harm, child_abuse, partner_violence, elder_abuse or "
                              "sexual_harm");
}

std::vector<std::string> strings_of(const toml::node_view<const toml::node>& node,
                                    std::string_view where) {
  std::vector<std::string> values;
  if (!node) {
    return values;
  }
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    throw std::invalid_argument(std::string(where) + " must be a list of strings");
  }
  for (const toml::node& item : *array) {
    const auto value = item.value<std::string>();
    if (!value) {
      throw std::invalid_argument(std::string(where) + " must be a list of strings");
    }
    values.push_back(*value);
  }
  return values;
}

class rules_builder {
 public:
  void add_term(std::string_view spelling, term_role role, std::uint16_t owner) {
    term t;
    t.role = role;
    t.owner = owner;
    t.text = fold_term(spelling);
    if (t.text.empty()) {
      return;
    }
    t.latin = is_latin(t.text);
    if (t.latin) {
      t.prefix = t.text.ends_with('*');
      if (t.prefix) {
        t.text.pop_back();
      }
      rules_.latin_terms.push_back(static_cast<std::uint32_t>(rules_.terms.size()));
      rules_.terms.push_back(std::move(t));
      return;
    }
    t.head = head_at(t.text, 0);
    const std::string ones(std::min<std::size_t>(t.text.size(), sizeof t.head_mask), '\xFF');
    t.head_mask = head_at(ones, 0);
    t.kana = is_kana(t.text);
    // A kana term of three characters or less (けられ, あざ) is too common inside other words to
    // be trusted anywhere, and so is a single kanji (夫 in 大丈夫); a longer one, or one with
    // kanji, is specific enough.
    const std::size_t characters = nlp::characters_of(t.text).size();
    t.anywhere = t.kana ? characters > 3 : characters > 1;
    const auto index = static_cast<std::uint32_t>(rules_.terms.size());
    const std::uint32_t key = first_character_key(t.text);
    rules_.written_by_first[key].push_back(index);
    if (t.kana) {
      rules_.reading_by_first[key].push_back(index);
    }
    rules_.terms.push_back(std::move(t));
  }

  std::uint16_t concept_index(std::string_view name, std::string_view where) const {
    for (std::size_t i = 0; i < rules_.concepts.size(); ++i) {
      if (rules_.concepts[i] == name) {
        return static_cast<std::uint16_t>(i);
      }
    }
    throw std::invalid_argument(std::string(where) + ": unknown concept '" + std::string(name) +
                                "'; define it under [concepts]");
  }

  std::vector<std::uint16_t> concept_indexes(const std::vector<std::string>& names,
                                             std::string_view where) const {
    std::vector<std::uint16_t> indexes;
    for (const std::string& name : names) {
      indexes.push_back(concept_index(name, where));
    }
    return indexes;
  }

  rules& built() { return rules_; }

 private:
  rules rules_;
};

void append(std::vector<std::uint16_t>& to, const std::vector<std::uint16_t>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

std::uint64_t head_at(std::string_view text, std::size_t at) {
  std::uint64_t head = 0;
  std::memcpy(&head, text.data() + at, std::min(sizeof head, text.size() - at));
  return head;
}

std::uint32_t first_character_key(std::string_view text) {
  if (text.empty()) {
    return 0;
  }
  const std::string_view first = nlp::characters_of(text.substr(0, 4)).front();
  std::uint32_t key = 0;
  for (const char c : first) {
    key = (key << 8) | static_cast<unsigned char>(c);
  }
  return key;
}

rules parse_rules(std::string_view toml_text) {
  toml::table document;
  try {
    document = toml::parse(toml_text, std::string_view("safety_signals.toml"));
  } catch (const toml::parse_error& e) {
    throw std::invalid_argument(std::string("safety_signals.toml: ") +
                                std::string(e.description()));
  }
  const toml::table& doc = document;
  rules_builder builder;
  rules& r = builder.built();

  for (const std::string& idiom : strings_of(doc["idioms"], "idioms")) {
    builder.add_term(idiom, term_role::idiom, 0);
  }
  if (const toml::table* concepts = doc["concepts"].as_table()) {
    for (const auto& [name, words] : *concepts) {
      const auto index = static_cast<std::uint16_t>(r.concepts.size());
      r.concepts.emplace_back(name.str());
      const std::string where = "concepts." + std::string(name.str());
      for (const std::string& word : strings_of(toml::node_view<const toml::node>(words), where)) {
        builder.add_term(word, term_role::concept_word, index);
      }
    }
  }
  if (const toml::table* needs = doc["concept_needs"].as_table()) {
    for (const auto& [name, needed] : *needs) {
      const std::string where = "concept_needs." + std::string(name.str());
      r.concept_needs.emplace_back(
          builder.concept_index(name.str(), where),
          builder.concept_indexes(strings_of(toml::node_view<const toml::node>(needed), where),
                                  where));
    }
  }
  const auto defaults = doc["defaults"];
  const auto default_ignore = builder.concept_indexes(
      strings_of(defaults["ignore_with"], "defaults.ignore_with"), "defaults");
  const auto default_concern = builder.concept_indexes(
      strings_of(defaults["concern_with"], "defaults.concern_with"), "defaults");
  const auto default_keep =
      builder.concept_indexes(strings_of(defaults["keep_with"], "defaults.keep_with"), "defaults");
  r.stories =
      builder.concept_indexes(strings_of(defaults["stories"], "defaults.stories"), "defaults");
  r.keep_in_story = default_keep;
  r.part_opener = builder.concept_index(defaults["parts_begin_with"].value_or(std::string()),
                                        "defaults.parts_begin_with");

  const toml::array* signals = doc["signals"].as_array();
  if (signals == nullptr || signals->empty()) {
    throw std::invalid_argument("safety_signals.toml: no [[signals]]");
  }
  for (const toml::node& node : *signals) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      throw std::invalid_argument("safety_signals.toml: every [[signals]] must be a table");
    }
    signal_rule s;
    s.name = (*table)["name"].value_or(std::string());
    const std::string where = "signal '" + s.name + "'";
    if (s.name.empty()) {
      throw std::invalid_argument("safety_signals.toml: a [[signals]] without a name");
    }
    s.topic = topic_named((*table)["topic"].value_or(std::string()), where);
    const std::string level = (*table)["level"].value_or(std::string());
    if (level != "crisis" && level != "concern") {
      throw std::invalid_argument(where + ": level must be crisis or concern, not '" + level + "'");
    }
    s.level = level == "crisis" ? safety_level::crisis : safety_level::concern;
    const toml::node_view<const toml::node> view(node);
    s.with = builder.concept_indexes(strings_of(view["with"], where + ".with"), where);
    s.also_with = builder.concept_indexes(strings_of(view["also_with"], where), where);
    s.ignore_with = builder.concept_indexes(strings_of(view["ignore_with"], where), where);
    s.concern_with = builder.concept_indexes(strings_of(view["concern_with"], where), where);
    s.keep_with = builder.concept_indexes(strings_of(view["keep_with"], where), where);
    s.softened_by = builder.concept_indexes(strings_of(view["softened_by"], where), where);
    s.softened_unless = builder.concept_indexes(strings_of(view["softened_unless"], where), where);
    append(s.ignore_with, default_ignore);
    append(s.concern_with, default_concern);
    append(s.keep_with, default_keep);
    const auto index = static_cast<std::uint16_t>(r.signals.size());
    r.signals.push_back(std::move(s));
    for (const std::string& verb : strings_of(view["verbs"], where + ".verbs")) {
      r.signals.back().verbs.push_back(nlp::fold_kana(nlp::normalize(verb)));
    }
    for (const std::string& next : strings_of(view["followed_by"], where + ".followed_by")) {
      r.signals.back().followed_by.push_back(nlp::fold_kana(nlp::normalize(next)));
    }
    const auto terms = strings_of(view["terms"], where + ".terms");
    if (terms.empty() && r.signals.back().verbs.empty()) {
      throw std::invalid_argument(where + " has neither terms nor verbs");
    }
    if (r.signals.back().verbs.empty() != r.signals.back().followed_by.empty()) {
      throw std::invalid_argument(where + ": verbs and followed_by go together");
    }
    for (const std::string& t : terms) {
      builder.add_term(t, term_role::signal, index);
    }
  }

  const auto by_who = doc["topic_by_who"];
  for (const std::string& name : strings_of(by_who["order"], "topic_by_who.order")) {
    r.topic_by_who.emplace_back(
        builder.concept_index(name, "topic_by_who"),
        topic_named(by_who[name].value_or(std::string()), "topic_by_who." + name));
  }
  for (std::size_t i = 0; i < topic_names.size(); ++i) {
    r.lines[i] = doc["lines"][topic_names[i]].value_or(std::string());
    if (r.lines[i].empty()) {
      throw std::invalid_argument("safety_signals.toml: [lines] has no " +
                                  std::string(topic_names[i]));
    }
  }
  r.model_crisis = doc["model"]["crisis"].value_or(-1.0);
  r.model_concern = doc["model"]["concern"].value_or(-1.0);
  r.model_contexts = builder.concept_indexes(strings_of(doc["model"]["contexts"], "model.contexts"),
                                             "model.contexts");
  r.model_crisis_in_context = doc["model"]["crisis_in_context"].value_or(-1.0);
  r.model_danger_prior = doc["model"]["danger_prior"].value_or(-1.0);
  r.model_sentence_weight = doc["model"]["sentence_weight"].value_or(-1.0);
  if (!(r.model_sentence_weight > 0 && r.model_sentence_weight <= 1)) {
    throw std::invalid_argument("safety_signals.toml: [model] sentence_weight must be in (0, 1]");
  }
  if (!(r.model_danger_prior > 0 && r.model_danger_prior < 1)) {
    throw std::invalid_argument("safety_signals.toml: [model] danger_prior must be in (0, 1)");
  }
  if (!(r.model_concern > 0 && r.model_concern <= r.model_crisis &&
        r.model_crisis <= r.model_crisis_in_context && r.model_crisis_in_context <= 1)) {
    throw std::invalid_argument(
        "safety_signals.toml: [model] needs concern, crisis and crisis_in_context, "
        "0 < concern <= crisis <= crisis_in_context <= 1");
  }
  return std::move(r);
}

const rules& embedded_rules() {
  static const rules compiled = parse_rules(embedded::safety_signals_toml());
  return compiled;
}

}  // namespace madoguchi::bot::safety_internal

namespace madoguchi::bot {

std::string_view to_string(safety_topic topic) {
  return safety_internal::topic_names[static_cast<std::size_t>(topic)];
}

}  // namespace madoguchi::bot
