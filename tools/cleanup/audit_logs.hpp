// The audit-logs target: rows older than the threshold go, whole partitions first when the
// table is partitioned by time, the rest in batches, each chunk archived first when asked.
#pragma once

#include "job.hpp"
#include "jobkit/tool_context.hpp"
#include "target_report.hpp"

namespace cleanup {

jobkit::Result<TargetReport> clean_audit_logs(const CleanupJob& job, const jobkit::ToolContext& context,
                                              const RunBudget& budget);

}  // namespace cleanup
