// When the job that has waited longest in a queue became ready to run.
#pragma once

#include <cstdint>
#include <optional>

#include "bullmq/keys.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace bullmq {

// The oldest job of the wait list (BullMQ pushes new jobs on its left and workers take from
// its right, so the right end): its add time plus its delay, in milliseconds since the
// epoch; nullopt when nothing waits. Two commands. Prioritized jobs are not looked at: their
// order is by priority, not age.
jobkit::Result<std::optional<std::int64_t>> oldest_waiting_since_ms(jobkit::RedisConnection& redis,
                                                                     const QueueKeys& keys);

}  // namespace bullmq
