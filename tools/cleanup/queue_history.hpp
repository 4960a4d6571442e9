// The queues target: BullMQ history retention per queue. Completed and failed jobs older than
// their thresholds go through BullMQ's own cleanJobsInSet script (as Queue.clean removes
// them, job hashes, logs and set entries together), the events stream is trimmed to about
// events_max_length entries (as Queue.trimEvents does), and dead letters older than their
// threshold are purged through the dead-letter queue's own API.
#pragma once

#include "job.hpp"
#include "jobkit/tool_context.hpp"
#include "target_report.hpp"

namespace cleanup {

jobkit::Result<TargetReport> clean_queue_history(const CleanupJob& job, const jobkit::ToolContext& context,
                                                 const RunBudget& budget);

}  // namespace cleanup
