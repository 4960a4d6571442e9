// The sessions target: connect-pg-simple's table, whose `expire` is a timestamp without time
// zone written as wall-clock time in the database's zone. Sessions that expired more than
// the threshold ago go, judged in that zone (or the job's time_zone), in batches.
#pragma once

#include "job.hpp"
#include "jobkit/tool_context.hpp"
#include "target_report.hpp"

namespace cleanup {

jobkit::Result<TargetReport> clean_sessions(const CleanupJob& job, const jobkit::ToolContext& context,
                                            const RunBudget& budget);

}  // namespace cleanup
