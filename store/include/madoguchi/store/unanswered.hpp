// File: unanswered.hpp
//
// What citizens asked that the bot could not answer, grouped by normalised text per tenant, so
// that staff can add the question to an entry. Senders are kept only as keyed pseudonyms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

struct unanswered_question {
  std::int64_t id = 0;
  std::string tenant;
  std::string normalized_text;  // the grouping key
  std::string text;             // the latest wording as the person wrote it
  std::string last_sender;      // pseudonym of the latest asker
  std::int64_t count = 0;
  std::int64_t first_seen = 0;  // seconds since the epoch
  std::int64_t last_seen = 0;
  std::string attached_entry;     // set once staff added it as an example; empty before
  std::int64_t dismissed_at = 0;  // when staff set it aside as nothing to answer; 0 while open
  bool operator==(const unanswered_question&) const = default;
};

class unanswered_log {
 public:
  virtual ~unanswered_log() = default;

  // Counts one more occurrence of (tenant, normalized_text), adding it on first sight. An
  // attached question asked again is counted and shown again (the entry did not catch it).
  virtual void record(std::string_view tenant, std::string_view normalized_text,
                      std::string_view text, std::string_view sender_pseudonym,
                      std::int64_t now) = 0;

  // Open questions of the tenants (attached and dismissed ones excluded), most frequent first,
  // then latest.
  virtual std::vector<unanswered_question> open(const std::vector<std::string>& tenants,
                                                std::size_t limit) = 0;

  virtual std::optional<unanswered_question> find(std::int64_t id) = 0;

  // Marks the question as added to `entry_id`.
  virtual void mark_attached(std::int64_t id, std::string_view entry_id) = 0;

  // Sets the question aside as nothing to answer: it stays out of open() when asked again
  // (still counted), unlike an attached one, which the entry did not catch.
  virtual void mark_dismissed(std::int64_t id, std::int64_t now) = 0;
};

}  // namespace madoguchi::store
