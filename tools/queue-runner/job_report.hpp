// Tells /metrics and the alerts how each job ended: end_job calls report_job_end once per
// job, whatever the outcome.
#pragma once

#include <functional>
#include <string>

#include "alerts/dead_letter_hook.hpp"
#include "job_ending.hpp"

namespace queue_runner {

using DeadLetterListener = std::function<void(const alerts::DeadLetterNotice&)>;

// Set before the workers start and cleared after they stopped (it is not guarded).
void set_dead_letter_listener(DeadLetterListener listener);

void report_job_end(const std::string& queue, const std::string& job_id, const JobEnd& end, JobOutcome outcome);

}  // namespace queue_runner
