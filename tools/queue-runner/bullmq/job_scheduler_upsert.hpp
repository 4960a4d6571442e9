// Creating, changing and removing a job scheduler as bullmq 6.7.0's
// Queue.upsertJobScheduler and Queue.removeJobScheduler do: the same addJobScheduler and
// removeJobScheduler scripts with the same arguments, so a scheduler made here is one the
// Node app, its Workers and queue-runner all read alike, and several processes upserting the
// same scheduler at once leave one scheduler with one pending iteration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "bullmq/keys.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace bullmq {

struct JobSchedulerTemplate {
  std::string id;
  std::string name;  // the iterations' job name
  std::optional<std::string> pattern;
  std::optional<std::int64_t> every_ms;
  std::optional<std::string> tz;
  std::string data = "{}";                          // JSON text of each iteration's data
  nlohmann::json opts = nlohmann::json::object();  // each iteration's job options, public names
};

struct UpsertedScheduler {
  std::optional<std::string> job_id;  // the pending iteration; nullopt when none was made
  std::int64_t delay_ms = 0;
  // The iteration due now is already running (another process took it): the scheduler
  // stands, and its next iteration comes when that run starts.
  bool iteration_running = false;
};

// Errors: a pattern or tz BullMQ refuses (invalid_data), Redis errors.
jobkit::Result<UpsertedScheduler> upsert_job_scheduler(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                                       const JobSchedulerTemplate& scheduler);

// True when Redis holds this scheduler with exactly these settings (name, pattern or every,
// tz, data, options, and no limit or dates of its own). Upserting it again would replace its
// pending iteration with one computed from now, which drops an iteration that is due but not
// yet taken (say, while every runner was down), so callers skip unchanged schedulers.
jobkit::Result<bool> job_scheduler_matches(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                           const JobSchedulerTemplate& scheduler);

// True when the scheduler was there and is gone, with its pending iteration.
jobkit::Result<bool> remove_job_scheduler(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                          const std::string& id);

}  // namespace bullmq
