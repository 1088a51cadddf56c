// File: snapshot.hpp
//
// The current index snapshot. Readers take a shared_ptr and keep using it while a writer swaps in
// a new one: matching never waits for a staff edit.
#pragma once

#include "madoguchi/knowledge/index.hpp"

#include <atomic>
#include <memory>

namespace madoguchi::knowledge {

class index_holder {
 public:
  explicit index_holder(std::shared_ptr<const index> initial) : current_(std::move(initial)) {}

  // Thread-safe; the returned snapshot stays valid as long as the caller holds it.
  std::shared_ptr<const index> current() const { return current_.load(); }

  // Thread-safe; readers see either the old or the new snapshot, never a mix.
  void replace(std::shared_ptr<const index> next) { current_.store(std::move(next)); }

 private:
  std::atomic<std::shared_ptr<const index>> current_;
};

}  // namespace madoguchi::knowledge
