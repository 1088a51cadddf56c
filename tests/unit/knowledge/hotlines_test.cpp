// Tests that every phone number the default knowledge base sends is one of the verified lines of
// knowledge/data/hotlines.toml (the single source of truth), and none is a known wrong number.
#include "madoguchi/knowledge/default_content.hpp"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace madoguchi::knowledge {
namespace {

struct hotlines {
  std::set<std::string> numbers;        // [[lines]] number
  std::set<std::string> wrong_numbers;  // [[known_wrong]] number
};

const hotlines& load_hotlines() {
  static const hotlines loaded = [] {
    hotlines h;
    const toml::table document =
        toml::parse_file(MADOGUCHI_SOURCE_DIR "/knowledge/data/hotlines.toml");
    for (const toml::node& line : *document["lines"].as_array()) {
      h.numbers.insert(line.as_table()->at("number").value_or(std::string{}));
    }
    for (const toml::node& line : *document["known_wrong"].as_array()) {
      h.wrong_numbers.insert(line.as_table()->at("number").value_or(std::string{}));
    }
    return h;
  }();
  return loaded;
}

// Every phone number in `text`: hyphenated numbers, the three-digit emergency and hotline
// numbers 110, 119 and 189 standing alone (not part of a longer number), and the #-codes (#8891).
std::vector<std::string> phone_numbers_in(const std::string& text) {
  static const std::regex hyphenated(R"((^|[^0-9-])([0-9]{2,4}-[0-9]{1,4}-[0-9]{3,5})(?![0-9-]))");
  static const std::regex short_number(R"((^|[^0-9-])(110|119|189)(?![0-9-]))");
  static const std::regex short_code(R"((#[0-9]{4})(?![0-9]))");
  std::vector<std::string> numbers;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), short_code);
       it != std::sregex_iterator(); ++it) {
    numbers.push_back((*it)[1].str());
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), hyphenated);
       it != std::sregex_iterator(); ++it) {
    numbers.push_back((*it)[2].str());
  }
  const std::string rest = std::regex_replace(text, hyphenated, "$1 ");
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), short_number);
       it != std::sregex_iterator(); ++it) {
    numbers.push_back((*it)[2].str());
  }
  return numbers;
}

const entry& shipped_entry(const std::string& tenant, const std::string& id) {
  const auto& entries = embedded_default_content().entries;
  const auto found = std::find_if(entries.begin(), entries.end(),
                                  [&](const entry& e) { return e.tenant == tenant && e.id == id; });
  if (found == entries.end()) {
    throw std::runtime_error("no entry " + tenant + "/" + id);
  }
  return *found;
}

TEST(hotlines_test, the_number_scanner_finds_numbers_and_ignores_other_digits) {
  EXPECT_EQ(phone_numbers_in("電話 0120-0-78310（24時間）、または110へ"),
            (std::vector<std::string>{"0120-0-78310", "110"}));
  EXPECT_EQ(phone_numbers_in("119（救急）・110（警察）"), (std::vector<std::string>{"119", "110"}));
  EXPECT_TRUE(phone_numbers_in("2019年11月0日 1100人 21189 2020-03-17").empty());
  // A short number inside a hyphenated one is not reported on its own.
  EXPECT_EQ(phone_numbers_in("0120-189-783"), std::vector<std::string>{"0120-189-783"});
  EXPECT_EQ(phone_numbers_in("ワンストップ支援センター #8891（全国共通）"),
            std::vector<std::string>{"#8891"});
}

// The consultation lines the safety detector adds (bot/data/safety_signals.toml, [lines]) send
// numbers too.
TEST(hotlines_test, every_number_in_a_consultation_line_is_a_verified_line) {
  const hotlines& h = load_hotlines();
  const toml::table signals =
      toml::parse_file(MADOGUCHI_SOURCE_DIR "/bot/data/safety_signals.toml");
  const toml::table* lines = signals["lines"].as_table();
  ASSERT_NE(lines, nullptr);
  std::size_t found = 0;
  for (const auto& [topic, text] : *lines) {
    for (const std::string& number : phone_numbers_in(text.value_or(std::string{}))) {
      ++found;
      EXPECT_TRUE(h.numbers.contains(number))
          << "the " << topic.str() << " line sends " << number << ", not in hotlines.toml";
      EXPECT_FALSE(h.wrong_numbers.contains(number)) << topic.str() << ": " << number;
    }
  }
  EXPECT_GE(found, 4u);
}

TEST(hotlines_test, the_hotline_file_lists_verified_lines) {
  const toml::table document =
      toml::parse_file(MADOGUCHI_SOURCE_DIR "/knowledge/data/hotlines.toml");
  const toml::array* lines = document["lines"].as_array();
  ASSERT_NE(lines, nullptr);
  ASSERT_GE(lines->size(), 5u);
  for (const toml::node& node : *lines) {
    const toml::table& line = *node.as_table();
    const std::string id = line["id"].value_or(std::string("(no id)"));
    EXPECT_FALSE(line["number"].value_or(std::string{}).empty()) << id;
    EXPECT_FALSE(line["source"].value_or(std::string{}).empty()) << id;
    const std::string verified_on = line["verified_on"].value_or(std::string{});
    EXPECT_FALSE(verified_on.empty()) << id;
    EXPECT_TRUE(parse_date(verified_on).has_value()) << id << ": " << verified_on;
  }
  for (const std::string& wrong : load_hotlines().wrong_numbers) {
    EXPECT_FALSE(load_hotlines().numbers.contains(wrong)) << wrong << " is listed as both";
  }
}

TEST(hotlines_test, answers_write_digits_in_ascii_so_the_scan_sees_every_number) {
  const std::vector<std::string> full_width = {"０", "１", "２", "３", "４",
                                               "５", "６", "７", "８", "９"};
  for (const entry& e : embedded_default_content().entries) {
    for (const std::string& digit : full_width) {
      EXPECT_EQ(e.answer.find(digit), std::string::npos) << e.tenant << "/" << e.id;
    }
  }
}

TEST(hotlines_test, every_number_in_an_answer_is_a_verified_line) {
  const hotlines& h = load_hotlines();
  std::size_t found = 0;
  for (const entry& e : embedded_default_content().entries) {
    for (const std::string& number : phone_numbers_in(e.answer)) {
      ++found;
      EXPECT_TRUE(h.numbers.contains(number))
          << e.tenant << "/" << e.id << " sends " << number << ", not in hotlines.toml";
      EXPECT_FALSE(h.wrong_numbers.contains(number))
          << e.tenant << "/" << e.id << " sends the known wrong number " << number;
    }
  }
  EXPECT_GT(found, 0u);
}

TEST(hotlines_test, no_known_wrong_number_appears_anywhere) {
  for (const entry& e : embedded_default_content().entries) {
    std::vector<std::string> texts = {e.title, e.answer};
    texts.insert(texts.end(), e.questions.begin(), e.questions.end());
    texts.insert(texts.end(), e.keywords.begin(), e.keywords.end());
    for (const std::string& text : texts) {
      for (const std::string& wrong : load_hotlines().wrong_numbers) {
        EXPECT_EQ(text.find(wrong), std::string::npos) << e.tenant << "/" << e.id << ": " << wrong;
      }
    }
  }
}

TEST(hotlines_test, crisis_entries_give_the_required_lines_to_every_tenant) {
  const std::vector<std::string> self_harm = {"0120-0-78310", "0570-064-556", "0120-783-556", "119",
                                              "110"};
  const std::vector<std::string> abuse = {"189", "110"};
  for (const tenant& t : embedded_default_content().tenants) {
    const auto self_harm_numbers = phone_numbers_in(shipped_entry(t.id, "crisis-self-harm").answer);
    for (const std::string& number : self_harm) {
      EXPECT_NE(std::find(self_harm_numbers.begin(), self_harm_numbers.end(), number),
                self_harm_numbers.end())
          << t.id << "/crisis-self-harm lacks " << number;
    }
    const auto abuse_numbers = phone_numbers_in(shipped_entry(t.id, "crisis-abuse").answer);
    for (const std::string& number : abuse) {
      EXPECT_NE(std::find(abuse_numbers.begin(), abuse_numbers.end(), number), abuse_numbers.end())
          << t.id << "/crisis-abuse lacks " << number;
    }
  }
}

}  // namespace
}  // namespace madoguchi::knowledge
