// The one place where a job's end is decided: whatever happened to it (the tool's exit, a
// signal, a timeout, a shutdown, or a job the runner itself could not process) arrives here
// as a JobEnd, and end_job completes it, retries it, or fails it with its dead letter.
#pragma once

#include <optional>
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

struct JobEnding {
  JobOutcome outcome;
  // The job that completing or failing this one took from the queue, locked with the same
  // token (context.fetch_next_job()), for the same slot to run next.
  std::optional<bullmq::JobRecord> next_job;
};

// Records the end in Redis. When the connection breaks on the way (Redis restarted), the
// outcome is kept and recorded again over a new connection for as long as the job's lock is
// surely ours, so that a finished job is not run a second time by the stalled check.
// Outcomes: lock_lost when another worker owns the job; error when Redis could not record
// the outcome before the lock could have expired (BullMQ's stalled check then takes over).
JobEnding end_job(const JobContext& context, const bullmq::JobRecord& job, const std::string& token,
                  const JobEnd& end);

}  // namespace queue_runner
