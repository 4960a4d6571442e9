// The one place where a job's end is decided: whatever happened to it (the tool's exit, a
// signal, a timeout, a shutdown, or a job the runner itself could not process) arrives here
// as a JobEnd, and end_job completes it, retries it, or fails it with its dead letter.
#pragma once

#include <string>

#include "bullmq/job_record.hpp"
#include "job_context.hpp"
#include "tool_process.hpp"
#include "tool_verdict.hpp"

namespace queue_runner {

enum class JobOutcome { completed, retried, failed, returned_to_wait, lock_lost, error };

struct JobEnd {
  ToolOutcome outcome;  // the tool's run; end == not_started when none ran
  ToolVerdict verdict;  // what it means; ignored when outcome.end == stopped
};

// The end of a job that never reached (or never left) its tool: the runner could not
// process it. Failed for good, with a dead letter, as a tool's exit 65 would be.
JobEnd processing_failure(const std::string& why);

// Returns what became of the job (lock_lost: another worker owns it; error: Redis could not
// record the outcome, and the job's lock will expire and BullMQ's stalled check take over).
JobOutcome end_job(const JobContext& context, const bullmq::JobRecord& job, const std::string& token,
                   const JobEnd& end);

}  // namespace queue_runner
