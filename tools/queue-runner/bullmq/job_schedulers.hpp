// A queue's job schedulers as Queue.getJobSchedulers() reads them (the `repeat` sorted set,
// scored by each scheduler's next run, and one hash per scheduler), with the run times
// that follow the next one computed as BullMQ would compute them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bullmq/keys.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace bullmq {

struct JobSchedulerInfo {
  std::string id;
  std::string name;
  std::int64_t next_ms = 0;
  std::optional<std::string> pattern;
  std::optional<std::int64_t> every_ms;
  std::optional<std::string> tz;
  std::optional<std::int64_t> start_date_ms, end_date_ms, limit, iteration_count;
};

jobkit::Result<std::vector<JobSchedulerInfo>> list_job_schedulers(jobkit::RedisConnection& redis, const QueueKeys& keys);

// The scheduler's next run and the ones after it, `count` in all (fewer when its pattern or
// endDate ends it). Errors: a pattern or tz BullMQ would refuse.
jobkit::Result<std::vector<std::int64_t>> upcoming_runs(const JobSchedulerInfo& scheduler, std::size_t count);

}  // namespace bullmq
