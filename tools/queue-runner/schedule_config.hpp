// The config's "schedules": job schedulers the runner keeps in Redis, each declared once for
// the whole fleet instead of a crontab line per host.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "bullmq/job_scheduler_upsert.hpp"
#include "jobkit/json_fields.hpp"

namespace queue_runner {

struct ScheduleConfig {
  std::string queue;
  bullmq::JobSchedulerTemplate scheduler;  // id, name, pattern or every, tz, data, opts
};

// Reads "schedules": [{"id", "queue", "pattern" | "every", "tz", "name", "data", "opts"}].
// Each problem is recorded on its JSON Pointer: a queue not among `queues`, a pattern or tz
// BullMQ would refuse, both or neither of pattern and every, an id twice on one queue, job
// options a schedule cannot set.
std::vector<ScheduleConfig> read_schedules(const jobkit::JsonField& field, const std::set<std::string>& queues);

// "schedule <queue>/<id>: <pattern or every> [<tz>], job <name>", for `queue-runner check`.
std::string describe_schedule(const ScheduleConfig& schedule);

}  // namespace queue_runner
