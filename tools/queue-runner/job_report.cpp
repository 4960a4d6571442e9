// A job failed for good has its dead letter written (fail_job writes it before failing the
// job), so outcome "failed" is also the dead-letter count.
#include "job_report.hpp"

#include "jobkit/redaction.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner {
namespace {

DeadLetterListener& dead_letter_listener() {
  static DeadLetterListener listener;
  return listener;
}

}  // namespace

void set_dead_letter_listener(DeadLetterListener listener) { dead_letter_listener() = std::move(listener); }

void report_job_end(const std::string& queue, const std::string& job_id, const JobEnd& end, JobOutcome outcome) {
  metrics::runner_metrics().job_ended(queue, outcome, end.outcome);
  if (outcome != JobOutcome::failed) return;
  metrics::runner_metrics().dead_letter_written(queue);
  if (dead_letter_listener()) dead_letter_listener()({queue, job_id, jobkit::redact_secrets(end.verdict.value)});
}

}  // namespace queue_runner
