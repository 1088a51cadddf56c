// File: privacy.hpp
//
// Forgetting people (reliability.md P5–P8): on request, everything kept about one person; and,
// on a schedule, everything older than the retention period. The inbound journal never keeps
// what a person wrote once it is decided (journal::complete), so what remains to forget is the
// conversation memory, the answers sent to them, and the unanswered questions they asked last.
#pragma once

#include <cstdint>
#include <string_view>

namespace madoguchi::store {

struct forgotten {
  std::int64_t conversations = 0;
  std::int64_t messages = 0;    // outbox rows addressed to the person, sent or given up
  std::int64_t unanswered = 0;  // questions only they asked; others' keep no trace of them
  std::int64_t total() const { return conversations + messages + unanswered; }
};

struct purged {
  std::int64_t journal = 0;
  std::int64_t messages = 0;
  std::int64_t unanswered = 0;
  std::int64_t conversations = 0;
};

class privacy {
 public:
  virtual ~privacy() = default;

  // Removes what is kept about `sender` on `platform` ("messenger", "instagram", "line");
  // `pseudonym` is their keyed pseudonym, as the unanswered log stores it. Messages still
  // waiting to be sent stay until sent (then a second request removes them).
  virtual forgotten forget_person(std::string_view platform, std::string_view sender,
                                  std::string_view pseudonym) = 0;

  // Removes journal rows, finished outbox rows, unanswered questions and conversations (also
  // those staff held) last touched before `cutoff_seconds` (since the epoch).
  virtual purged purge_before(std::int64_t cutoff_seconds) = 0;
};

}  // namespace madoguchi::store
