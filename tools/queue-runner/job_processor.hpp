// Processing one job taken from a queue: create the next iteration of its scheduler, run its
// tool, and hand how it ended to end_job, which decides the job's fate.
#pragma once

#include <string>
#include <vector>

#include "bullmq/job_record.hpp"
#include "config.hpp"
#include "job_context.hpp"
#include "job_ending.hpp"

namespace queue_runner {

// The environment every tool of the queue starts from: the runner's, with the queue's "env"
// over it (a job's adds the JOB_* variables).
std::vector<std::string> queue_environment(const QueueConfig& queue);

// Never throws: whatever goes wrong while processing ends the job through end_job.
JobEnding process_job(const JobContext& context, const bullmq::JobRecord& job, const std::string& token);

}  // namespace queue_runner
