// `queue-runner run`: serve every queue of the configuration until SIGTERM or SIGINT.
#pragma once

#include "config.hpp"
#include "jobkit/exit_code.hpp"
#include "jobkit/redis_connection.hpp"
#include "schedule_sync.hpp"

namespace queue_runner {

// Blocks SIGTERM/SIGINT, starts one QueueWorker per queue, waits for a signal, then shuts
// down with the configured grace. Returns ok after a clean shutdown. The config's schedules
// are upserted before any queue is served.
jobkit::ExitCode run_queues(const RunnerConfig& config, PruneSchedules prune = PruneSchedules::no);

// Reads each queue's meta version: a different BullMQ major version is refused (config
// error), a different minor one is logged.
jobkit::Status check_bullmq_versions(jobkit::RedisConnection& redis, const RunnerConfig& config);

}  // namespace queue_runner
