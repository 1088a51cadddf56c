// File: editorial.hpp
//
// What staff do to entries between versions: drafts, publishing, retiring, history, rollback.
// Every change is a new row of entry_versions; nothing is overwritten or deleted. An entry has
// at most one pending draft (the newest version, when it is newer than the published one).
#pragma once

#include "madoguchi/knowledge/entry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

enum class entry_status {
  draft,      // never published (only drafts exist)
  published,  // live; may also have a newer draft pending
  retired,    // was published, now unpublished; its versions stay
};

// "draft", "published", "retired".
std::string_view to_string(entry_status s);

struct version_info {
  std::int64_t version = 0;
  std::string author;      // staff username, or "madoguchi kb import" etc.
  std::string created_at;  // UTC, "YYYY-MM-DDTHH:MM:SS.sssZ"
  bool operator==(const version_info&) const = default;
};

// An entry as staff see it in the list and the editor.
struct entry_record {
  knowledge::entry content;  // the draft when one is pending, else the latest version
  entry_status status = entry_status::draft;
  std::optional<std::int64_t> published_version;
  std::optional<std::int64_t> draft_version;  // a pending draft newer than the published one
  version_info latest;                        // the newest version (the one in `content`)
  // 予約公開: the pending draft is published at this time (seconds since the epoch), by
  // `publish_by`'s leave. Only with a pending draft.
  std::optional<std::int64_t> publish_at;
  std::string publish_by;
  bool operator==(const entry_record&) const = default;
};

// A draft whose scheduled time has come.
struct scheduled_publication {
  std::string tenant, id;
  std::string scheduled_by;  // the staff member who scheduled it
  bool operator==(const scheduled_publication&) const = default;
};

struct entry_version {
  version_info info;
  knowledge::entry content;
  bool published = false;      // the version that is live now
  bool was_published = false;  // it has been live (now or before)
  bool operator==(const entry_version&) const = default;
};

// The outcome of an editorial change, for the caller's audit row and its HTTP status.
enum class edit_error {
  unknown_tenant,
  not_found,        // no such entry
  already_exists,   // create with an id the tenant already has
  no_draft,         // publish with nothing new to publish
  unknown_version,  // rollback to a version that does not exist
  not_published,    // retire an entry that is not live
};

// What changed: the content before (if any) and after, for the audit log.
struct edit_result {
  std::optional<edit_error> error;
  std::optional<knowledge::entry> before;
  std::optional<knowledge::entry> after;
  std::int64_t version = 0;  // the version written or published
  bool changed = true;       // false when nothing was written (a draft saved again unchanged)
  explicit operator bool() const { return !error; }
};

class editorial {
 public:
  virtual ~editorial() = default;

  // Every entry of `tenant` (drafts, published, retired), ordered by id.
  virtual std::vector<entry_record> entries(std::string_view tenant) = 0;

  virtual std::optional<entry_record> find(std::string_view tenant, std::string_view id) = 0;

  // A new entry, as a draft (version 1). already_exists when the id is taken.
  virtual edit_result create(const knowledge::entry& e, std::string_view author) = 0;

  // A new draft version of an existing entry (replacing any pending draft as the one to
  // publish; the old draft stays in the history). When `e` equals the current content no
  // version is written and the result's version is the current one.
  virtual edit_result save_draft(const knowledge::entry& e, std::string_view author) = 0;

  // Publishes the pending draft. before: the version live until now (if any).
  virtual edit_result publish(std::string_view tenant, std::string_view id,
                              std::string_view author) = 0;

  // Unpublishes the entry. before: the live content.
  virtual edit_result retire(std::string_view tenant, std::string_view id,
                             std::string_view author) = 0;

  // Schedules the pending draft to be published at `at` (seconds since the epoch), replacing an
  // earlier schedule; nullopt cancels it. A draft saved later is the one published then. no_draft
  // when there is nothing to publish. after: the draft's content; version: its version.
  virtual edit_result schedule(std::string_view tenant, std::string_view id,
                               std::optional<std::int64_t> at, std::string_view author) = 0;

  // The drafts scheduled at or before `now`, earliest first. Publishing one (publish()) ends its
  // schedule; a schedule whose draft is gone (published or replaced by a rollback) is dropped.
  virtual std::vector<scheduled_publication> due(std::int64_t now) = 0;

  // Every version, newest first.
  virtual std::vector<entry_version> versions(std::string_view tenant, std::string_view id) = 0;

  // Writes the content of `version` as a new version and publishes it.
  virtual edit_result rollback(std::string_view tenant, std::string_view id, std::int64_t version,
                               std::string_view author) = 0;
};

}  // namespace madoguchi::store
