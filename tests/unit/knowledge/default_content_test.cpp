// Tests of the default knowledge base: every entry of shared/spec/knowledge-base.md exists for
// exactly the tenants of its scope, placeholders are expanded, required fields are present, and
// parse_default_content() rejects malformed data naming the entry.
#include "madoguchi/knowledge/default_content.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace madoguchi::knowledge {
namespace {

using tenant_set = std::set<std::string>;

const tenant_set all_tenants = {"osaka-pref", "morioka", "yokote", "yuzawa", "daisen", "semboku"};
const tenant_set tohoku_tenants = {"morioka", "yokote", "yuzawa", "daisen", "semboku"};

// The entry table of shared/spec/knowledge-base.md: (id, scope).
const std::vector<std::pair<std::string, std::string>> specified_entries = {
    {"osaka-partnership", "osaka-pref"},
    {"osaka-boost-seminar", "osaka-pref"},
    {"osaka-boost-seminar-online", "osaka-pref"},
    {"osaka-staff-literacy-seminar", "osaka-pref"},
    {"osaka-aikan", "osaka-pref"},
    {"osaka-mozuyan", "osaka-pref"},
    {"osaka-expo2025", "osaka-pref"},
    {"osaka-sdgs", "osaka-pref"},
    {"osaka-disaster-proposal", "osaka-pref"},
    {"tohoku-partnership", "tohoku"},
    {"tohoku-city-info-program", "tohoku"},
    {"tohoku-economy-program", "tohoku"},
    {"tohoku-community-program", "tohoku"},
    {"morioka-sme-seminar", "tohoku"},
    {"tohoku-october-seminars", "tohoku"},
    {"staff-sns-training", "all"},
    {"account-analysis", "all"},
    {"sme-sns-marketing", "all"},
    {"page-free", "all"},
    {"ads-small-budget", "all"},
    {"blueprint", "all"},
    {"women-entrepreneurs", "all"},
    {"senior-beginner-seminar", "all"},
    {"parents-groups-seminar", "all"},
    {"youth-outreach-class", "all"},
    {"youth-literacy-page", "all"},
    {"youth-problem-posts", "all"},
    {"youth-stranger-dm", "all"},
    {"youth-bullying", "all"},
    {"youth-age-rules", "all"},
    {"youth-parent-tips", "all"},
    {"disaster-crisis-hub", "all"},
    {"disaster-safety-check", "all"},
    {"community-activation", "all"},
    {"crisis-self-harm", "all"},
    {"crisis-abuse", "all"},
    {"human-handoff", "all"},
    {"privacy", "all"},
    {"about-bot", "all"},
};

tenant_set tenants_of_scope(const std::string& scope) {
  if (scope == "all") {
    return all_tenants;
  }
  return scope == "tohoku" ? tohoku_tenants : tenant_set{scope};
}

const entry* find_entry(const std::string& tenant, const std::string& id) {
  const auto& entries = embedded_default_content().entries;
  const auto found = std::find_if(entries.begin(), entries.end(),
                                  [&](const entry& e) { return e.tenant == tenant && e.id == id; });
  return found == entries.end() ? nullptr : &*found;
}

TEST(default_content_test, has_the_six_default_tenants_with_their_names) {
  const std::map<std::string, std::string> expected = {
      {"osaka-pref", "大阪府"}, {"morioka", "盛岡市"}, {"yokote", "横手市"},
      {"yuzawa", "湯沢市"},     {"daisen", "大仙市"},  {"semboku", "仙北市"}};
  std::map<std::string, std::string> actual;
  for (const tenant& t : embedded_default_content().tenants) {
    EXPECT_TRUE(actual.emplace(t.id, t.name).second) << "tenant listed twice: " << t.id;
  }
  EXPECT_EQ(actual, expected);
}

TEST(default_content_test, every_specified_entry_exists_for_exactly_the_tenants_of_its_scope) {
  ASSERT_EQ(specified_entries.size(), 39u);
  std::map<std::string, tenant_set> actual;
  for (const entry& e : embedded_default_content().entries) {
    EXPECT_TRUE(actual[e.id].insert(e.tenant).second) << e.id << " twice for " << e.tenant;
  }
  std::size_t expected_total = 0;
  for (const auto& [id, scope] : specified_entries) {
    EXPECT_EQ(actual[id], tenants_of_scope(scope)) << "entry " << id << " (scope " << scope << ")";
    expected_total += tenants_of_scope(scope).size();
  }
  // No entry outside the specification, so the total is the sum over the table.
  EXPECT_EQ(embedded_default_content().entries.size(), expected_total);
  EXPECT_EQ(actual.size(), specified_entries.size());
}

TEST(default_content_test, no_braces_are_left_after_expansion) {
  for (const entry& e : embedded_default_content().entries) {
    std::vector<std::string> texts = {e.title, e.answer};
    texts.insert(texts.end(), e.questions.begin(), e.questions.end());
    // Keywords and links are not expanded, so they must not use the placeholder at all.
    texts.insert(texts.end(), e.keywords.begin(), e.keywords.end());
    for (const link& l : e.links) {
      texts.push_back(l.label);
      texts.push_back(l.url);
    }
    for (const std::string& text : texts) {
      EXPECT_EQ(text.find('{'), std::string::npos) << e.tenant << "/" << e.id << ": " << text;
      EXPECT_EQ(text.find('}'), std::string::npos) << e.tenant << "/" << e.id << ": " << text;
    }
  }
}

TEST(default_content_test, shared_entries_name_their_own_municipality) {
  for (const tenant& t : embedded_default_content().tenants) {
    for (const char* id : {"staff-sns-training", "about-bot", "privacy"}) {
      const entry* e = find_entry(t.id, id);
      ASSERT_NE(e, nullptr) << t.id << "/" << id;
      EXPECT_NE(e->answer.find(t.name), std::string::npos) << t.id << "/" << id;
    }
  }
  const entry* morioka = find_entry("morioka", "tohoku-partnership");
  ASSERT_NE(morioka, nullptr);
  EXPECT_NE(morioka->answer.find("盛岡市を含む"), std::string::npos);
  const entry* osaka = find_entry("osaka-pref", "about-bot");
  ASSERT_NE(osaka, nullptr);
  EXPECT_EQ(osaka->answer.find("盛岡市"), std::string::npos);
}

TEST(default_content_test, every_entry_has_a_title_an_answer_and_five_questions) {
  for (const entry& e : embedded_default_content().entries) {
    EXPECT_FALSE(e.title.empty()) << e.id;
    EXPECT_FALSE(e.answer.empty()) << e.id;
    EXPECT_GE(e.questions.size(), 5u) << e.id;
    for (const std::string& question : e.questions) {
      EXPECT_FALSE(question.empty()) << e.id;
    }
    for (const link& l : e.links) {
      EXPECT_FALSE(l.label.empty()) << e.id;
      EXPECT_TRUE(l.url.starts_with("https://") || l.url.starts_with("http://")) << e.id;
    }
    EXPECT_FALSE(e.answer.starts_with('\n') || e.answer.starts_with(' ')) << e.id;
    EXPECT_FALSE(e.answer.ends_with('\n') || e.answer.ends_with(' ')) << e.id;
  }
}

TEST(default_content_test, event_entries_carry_their_dates) {
  using namespace std::chrono;
  const std::map<std::string, year_month_day> starts = {
      {"osaka-boost-seminar", 2020y / March / 17},
      {"osaka-boost-seminar-online", 2020y / March / 17},
      {"osaka-staff-literacy-seminar", 2020y / March / 19},
      {"morioka-sme-seminar", 2019y / September / 4},
      {"tohoku-october-seminars", 2019y / October / 1},
  };
  for (const entry& e : embedded_default_content().entries) {
    const auto expected = starts.find(e.id);
    if (expected == starts.end()) {
      continue;
    }
    ASSERT_TRUE(e.event_start.has_value()) << e.tenant << "/" << e.id;
    EXPECT_EQ(*e.event_start, expected->second) << e.id;
    if (e.event_end) {
      EXPECT_GE(*e.event_end, *e.event_start) << e.id;
    }
    if (e.apply_until && e.event_end) {
      EXPECT_LE(*e.apply_until, *e.event_end) << e.id;
    }
  }
}

TEST(default_content_test, seminar_entries_link_to_their_registration_pages) {
  const entry* osaka = find_entry("osaka-pref", "osaka-boost-seminar");
  ASSERT_NE(osaka, nullptr);
  ASSERT_FALSE(osaka->links.empty());
  EXPECT_EQ(osaka->links[0].url, "http://boostwithfacebookosaka.splashthat.com/");
  const entry* morioka = find_entry("morioka", "morioka-sme-seminar");
  ASSERT_NE(morioka, nullptr);
  ASSERT_FALSE(morioka->links.empty());
  EXPECT_EQ(morioka->links[0].url, "https://boostwithfacebookmorioka.splashthat.com/");
}

// --- parse_default_content() on hand-written documents -----------------------------------------

constexpr const char* two_tenants = R"(
[[tenants]]
id = "alpha"
name = "甲市"
groups = ["north"]

[[tenants]]
id = "beta"
name = "乙町"
)";

std::string one_entry(const std::string& extra, const std::string& scope = "all") {
  return "[[entries]]\nid = \"sample-entry\"\nscope = \"" + scope +
         "\"\ntitle = \"{municipality}の案内\"\nanswer = \"\"\"\n{municipality}です。\n\"\"\"\n"
         "questions = [\"{municipality}について\"]\n" +
         extra;
}

void expect_error_naming_entry(const std::string& entries_toml, const std::string& also) {
  try {
    parse_default_content(two_tenants, entries_toml);
    FAIL() << "accepted:\n" << entries_toml;
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("sample-entry"), std::string::npos) << message;
    EXPECT_NE(message.find(also), std::string::npos) << message;
  }
}

TEST(parse_default_content_test, copies_shared_entries_per_tenant_with_the_name_filled_in) {
  const default_content content = parse_default_content(two_tenants, one_entry(""));
  ASSERT_EQ(content.entries.size(), 2u);
  EXPECT_EQ(content.entries[0].tenant, "alpha");
  EXPECT_EQ(content.entries[0].title, "甲市の案内");
  EXPECT_EQ(content.entries[0].answer, "甲市です。");
  EXPECT_EQ(content.entries[0].questions, std::vector<std::string>{"甲市について"});
  EXPECT_EQ(content.entries[1].tenant, "beta");
  EXPECT_EQ(content.entries[1].answer, "乙町です。");
}

TEST(parse_default_content_test, a_group_scope_selects_its_members_only) {
  const default_content content = parse_default_content(two_tenants, one_entry("", "north"));
  ASSERT_EQ(content.entries.size(), 1u);
  EXPECT_EQ(content.entries[0].tenant, "alpha");
}

TEST(parse_default_content_test, reads_the_optional_event_dates) {
  const default_content content = parse_default_content(
      two_tenants, one_entry("event_start = \"2020-03-17\"\nevent_end = \"2020-03-18\"\n"
                             "apply_until = \"2020-03-10\"\n"));
  ASSERT_EQ(content.entries.size(), 2u);
  using namespace std::chrono;
  for (const entry& e : content.entries) {
    EXPECT_EQ(e.event_start, 2020y / March / 17) << e.tenant;
    EXPECT_EQ(e.event_end, 2020y / March / 18) << e.tenant;
    EXPECT_EQ(e.apply_until, 2020y / March / 10) << e.tenant;
  }
  EXPECT_FALSE(parse_default_content(two_tenants, one_entry("")).entries[0].apply_until);
}

TEST(parse_default_content_test, unknown_field_is_rejected) {
  expect_error_naming_entry(one_entry("answr = \"typo\"\n"), "answr");
}

TEST(parse_default_content_test, duplicate_id_is_rejected) {
  expect_error_naming_entry(one_entry("") + one_entry(""), "twice");
}

TEST(parse_default_content_test, scope_naming_no_tenant_is_rejected) {
  expect_error_naming_entry(one_entry("", "kansai"), "kansai");
}

TEST(parse_default_content_test, impossible_or_malformed_dates_are_rejected) {
  expect_error_naming_entry(one_entry("event_start = \"2020-02-30\"\n"), "event_start");
  expect_error_naming_entry(one_entry("valid_until = \"2020/03/01\"\n"), "valid_until");
  expect_error_naming_entry(one_entry("event_end = 2020-03-01\n"), "event_end");
  expect_error_naming_entry(one_entry("apply_until = \"2020-3-1\"\n"), "apply_until");
}

TEST(parse_default_content_test, missing_answer_is_rejected) {
  expect_error_naming_entry("[[entries]]\nid = \"sample-entry\"\nscope = \"all\"\ntitle = \"t\"\n",
                            "answer");
}

TEST(parse_default_content_test, invalid_toml_is_rejected_with_its_line) {
  try {
    parse_default_content(two_tenants, "[[entries]]\nid = \"x\"\ntitle = \n");
    FAIL() << "accepted invalid TOML";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("line 3"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace madoguchi::knowledge
