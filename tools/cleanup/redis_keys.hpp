// The redis-keys target: keys matching a pattern that nobody has touched for longer than the
// threshold (OBJECT IDLETIME), found with SCAN (never KEYS, which blocks the server) and
// removed with UNLINK (memory freed off the main thread), at most max_keys per run. Patterns
// that could match queue keys are refused unless the job sets include_queue_keys.
#pragma once

#include "job.hpp"
#include "jobkit/tool_context.hpp"
#include "target_report.hpp"

namespace cleanup {

jobkit::Result<TargetReport> clean_redis_keys(const CleanupJob& job, const jobkit::ToolContext& context,
                                              const RunBudget& budget);

}  // namespace cleanup
