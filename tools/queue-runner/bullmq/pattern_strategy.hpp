// When a pattern job scheduler runs next, as bullmq 6.7.0's JobScheduler decides it: the
// cron pattern's next instant after `now` (or after the scheduler's startDate when that is
// later), in the scheduler's tz (the process's zone when it has none, as for Node), bounded
// by its endDate, never before `now`.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace bullmq {

// `repeat` is the iteration's opts.repeat ({pattern, tz?, startDate?, endDate?, immediately?}).
// nullopt: the schedule has no further instant (BullMQ then adds no iteration, silently). An
// error: the pattern or tz is one BullMQ's upsertJobScheduler would reject.
jobkit::Result<std::optional<std::int64_t>> next_pattern_millis(const nlohmann::json& repeat, std::int64_t now,
                                                                std::int64_t wall_clock_now);

}  // namespace bullmq
