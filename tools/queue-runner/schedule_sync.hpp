// Making Redis hold the config's schedules at start-up. Every runner of the fleet does it;
// BullMQ's addJobScheduler is atomic and an upsert of an unchanged entry leaves the schedule
// as it was, so runners starting together agree. Each queue keeps the ids the config put
// there in a set of its own, so that an entry later deleted from the config is recognised —
// and removed only when asked (PruneSchedules::yes), never a scheduler the Node app made.
#pragma once

#include <string>
#include <vector>

#include "config.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace queue_runner {

enum class PruneSchedules { no, yes };

struct ScheduleSyncReport {
  std::vector<std::string> upserted;   // "queue/id": new or changed
  std::vector<std::string> unchanged;  // already in Redis as configured: left as they are
  std::vector<std::string> stale;     // made by an earlier config, missing from this one
  std::vector<std::string> removed;   // the stale ones removed under PruneSchedules::yes
};

// Upserts every schedule of the config that Redis lacks or holds with other settings, then
// looks for stale ones on the config's queues.
jobkit::Result<ScheduleSyncReport> sync_schedules(jobkit::RedisConnection& redis, const RunnerConfig& config,
                                                  PruneSchedules prune);

// Only the stale part: finds (and under PruneSchedules::yes removes) the schedulers an earlier
// config made that this one no longer has.
jobkit::Result<ScheduleSyncReport> find_stale_schedules(jobkit::RedisConnection& redis, const RunnerConfig& config,
                                                        PruneSchedules prune);

// One log line per upserted schedule; a warning for each stale one kept, naming the flag.
void log_schedule_sync(const ScheduleSyncReport& report);

}  // namespace queue_runner
