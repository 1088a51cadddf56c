// File: scheduled_publishing.hpp
//
// 予約公開: the drafts staff scheduled go live at their time. `serve` calls publish_due() on its
// storage thread every few seconds and rebuilds the index when anything went live.
#pragma once

#include "madoguchi/store/database.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace madoguchi::admin {

// How often `serve` looks for drafts whose time has come: a scheduled answer goes live within
// this long after its time.
inline constexpr std::chrono::seconds scheduled_publishing_interval{5};

// Publishes every draft scheduled at or before `now` (seconds since the epoch), each in one
// transaction with its audit row (action entry.publish, actor "schedule:<who scheduled it>").
// Returns how many went live.
std::size_t publish_due(store::database& db, std::int64_t now);

}  // namespace madoguchi::admin
