// Completing, retrying and failing jobs the way BullMQ's Worker does, plus what the runner
// adds: follow-up jobs on completion and a dead letter on a final failure.
#include "job_ending.hpp"

#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bullmq/backoff.hpp"
#include "jobkit/exit_code.hpp"
#include "jobkit/follow_up_job.hpp"
#include "jobkit/redaction.hpp"

namespace queue_runner {
namespace {

using bullmq::JobRecord;

// BullMQ keeps one stack entry per failed attempt; ours holds the exit and stderr's tail.
std::string next_stacktrace(const JobRecord& job, const ToolOutcome& outcome, const std::string& reason) {
  nlohmann::json stack = nlohmann::json::parse(job.stacktrace, nullptr, false);
  if (!stack.is_array()) stack = nlohmann::json::array();
  std::string entry = reason;
  for (const auto& line : outcome.stderr_tail) entry += "\n    " + jobkit::redact_secrets(line);
  stack.push_back(entry);
  const auto limit = job.opts.find("stackTraceLimit");
  if (limit != job.opts.end() && limit->is_number()) {
    const auto keep = static_cast<std::size_t>(std::max<std::int64_t>(0, limit->get<std::int64_t>()));
    if (stack.size() > keep) stack.erase(stack.begin(), stack.begin() + static_cast<std::ptrdiff_t>(stack.size() - keep));
  }
  return stack.dump();
}

double random_unit() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

// Adds the result's "enqueue" entries with ids derived from this job, so a re-run adds
// none twice. Runs before the job is completed: a crash in between re-runs the job, and the
// duplicate ids make the second adds no-ops.
jobkit::Status add_follow_up_jobs(const JobContext& context, const JobRecord& job, const nlohmann::json& result) {
  const auto enqueue = result.find("enqueue");
  if (enqueue == result.end() || !enqueue->is_array()) return jobkit::Done{};
  for (std::size_t index = 0; index < enqueue->size(); ++index) {
    auto entry = jobkit::read_follow_up_job((*enqueue)[index], fmt::format("/enqueue/{}", index));
    if (!entry) return entry.error();
    bullmq::NewJob follow_up{entry->name, entry->data.dump(), entry->opts};
    // Three ':'-separated parts, the one id shape with ':' that BullMQ's Queue.add accepts.
    follow_up.opts["jobId"] = fmt::format("followup:{}:{}-{}", context.queue.name, job.id, index);
    const bullmq::Queue target(context.bullmq.keys().prefix, entry->queue);
    if (auto added = target.add_job(context.redis, follow_up); !added) return added.error();
  }
  return jobkit::Done{};
}

bullmq::DeadLetter dead_letter_of(const JobContext& context, const JobRecord& job, const ToolOutcome& outcome,
                                  const std::string& reason) {
  bullmq::DeadLetter letter;
  letter.queue = context.queue.name;
  letter.job_id = job.id;
  letter.name = job.name;
  const nlohmann::json data = nlohmann::json::parse(job.data, nullptr, false);
  letter.data = data.is_discarded() ? nlohmann::json(job.data) : data;
  letter.opts = job.opts;
  letter.failed_reason = reason;
  letter.attempts_made = job.attempts_made + 1;
  if (outcome.end == ToolEnd::exited) letter.exit_code = outcome.exit_code;
  if (outcome.signal != 0) letter.signal = signal_name(outcome.signal);
  letter.log_tail = outcome.stderr_tail;
  letter.failed_at = bullmq::now_ms();
  return letter;
}

JobOutcome report_finish_error(const JobContext& context, const JobRecord& job, const jobkit::JobError& error) {
  if (error.code == "lock_lost") {
    // Another worker took the job after it stalled; it owns the outcome now.
    spdlog::warn("{}/{}: lost the lock, not finishing it: {}", context.queue.name, job.id, error.message);
    return JobOutcome::lock_lost;
  }
  spdlog::error("{}/{}: cannot record the outcome: {}", context.queue.name, job.id, error.message);
  return JobOutcome::error;
}

// A retry when attempts are left and the failure is not permanent; nullopt otherwise.
std::optional<JobOutcome> retry_job(const JobContext& context, const JobRecord& job, const std::string& token,
                                    const ToolVerdict& verdict, const nlohmann::json& fields) {
  const std::int64_t attempts = job.attempts_or(context.queue.default_attempts);
  if (verdict.permanent || job.attempts_made + 1 >= attempts) return std::nullopt;
  const nlohmann::json backoff =
      job.opts.contains("backoff") ? job.opts["backoff"] : context.queue.default_backoff.value_or(nullptr);
  auto delay = bullmq::backoff_delay(backoff, job.attempts_made + 1, random_unit());
  if (!delay) {
    spdlog::warn("{}/{}: {}; failing the job", context.queue.name, job.id, delay.error().message);
    return std::nullopt;
  }
  auto moved = delay.value().value_or(0) > 0
                   ? context.bullmq.move_to_delayed(context.redis, job, token, *delay.value(), fields)
                   : context.bullmq.retry_now(context.redis, job, token, fields);
  if (!moved) return report_finish_error(context, job, moved.error());
  spdlog::info("{}/{}: attempt {} of {} failed, retrying in {} ms: {}", context.queue.name, job.id,
               job.attempts_made + 1, attempts, delay.value().value_or(0), verdict.value);
  return JobOutcome::retried;
}

JobOutcome fail_job(const JobContext& context, const JobRecord& job, const std::string& token,
                    const ToolOutcome& outcome, const ToolVerdict& verdict) {
  const nlohmann::json fields = {{"failedReason", verdict.value},
                                 {"stacktrace", next_stacktrace(job, outcome, verdict.value)}};
  if (auto retried = retry_job(context, job, token, verdict, fields)) return *retried;
  // The letter goes in before the job is failed, so that a crash in between cannot lose it.
  if (auto letter = context.dead_letters.write(context.redis, dead_letter_of(context, job, outcome, verdict.value));
      !letter) {
    return report_finish_error(context, job, letter.error());
  }
  bullmq::Finish finish{bullmq::FinishTarget::failed, verdict.value,
                        bullmq::keep_jobs_from_option(job.opts.value("removeOnFail", nlohmann::json())),
                        job.attempts_or(context.queue.default_attempts), fields};
  auto finished = context.bullmq.move_to_finished(context.redis, job, token, context.worker, finish);
  if (!finished) {
    // Failing found the lock gone: another worker took the job over and owns its fate, so
    // the letter is taken back instead of telling of a failure that did not happen.
    if (finished.error().code == "lock_lost") {
      if (auto withdrawn = context.dead_letters.withdraw(context.redis, context.queue.name, job.id); !withdrawn) {
        spdlog::warn("{}/{}: cannot take back its dead letter: {}", context.queue.name, job.id,
                     withdrawn.error().message);
      }
    }
    return report_finish_error(context, job, finished.error());
  }
  spdlog::warn("{}/{}: failed for good after {} attempt(s): {}", context.queue.name, job.id, job.attempts_made + 1,
               verdict.value);
  return JobOutcome::failed;
}

JobOutcome complete_job(const JobContext& context, const JobRecord& job, const std::string& token,
                        const ToolOutcome& outcome, const ToolVerdict& verdict) {
  if (auto added = add_follow_up_jobs(context, job, verdict.result); !added) {
    return fail_job(context, job, token, outcome, {false, false, added.error().message, {}});
  }
  bullmq::Finish finish{bullmq::FinishTarget::completed, verdict.value,
                        bullmq::keep_jobs_from_option(job.opts.value("removeOnComplete", nlohmann::json())),
                        job.attempts_or(context.queue.default_attempts), nullptr};
  auto finished = context.bullmq.move_to_finished(context.redis, job, token, context.worker, finish);
  if (!finished) return report_finish_error(context, job, finished.error());
  spdlog::debug("{}/{}: completed", context.queue.name, job.id);
  return JobOutcome::completed;
}

JobOutcome return_to_wait(const JobContext& context, const JobRecord& job, const std::string& token) {
  auto returned = context.bullmq.move_back_to_wait(context.redis, job.id, token);
  if (!returned) return report_finish_error(context, job, returned.error());
  spdlog::info("{}/{}: shutting down, returned the job to wait", context.queue.name, job.id);
  return JobOutcome::returned_to_wait;
}

}  // namespace

JobEnd processing_failure(const std::string& why) {
  return {ToolOutcome{}, permanent_failure(fmt::format("queue-runner cannot process this job: {}", why))};
}

JobOutcome end_job(const JobContext& context, const JobRecord& job, const std::string& token, const JobEnd& end) {
  if (end.outcome.end == ToolEnd::stopped) return return_to_wait(context, job, token);
  if (end.verdict.success) return complete_job(context, job, token, end.outcome, end.verdict);
  return fail_job(context, job, token, end.outcome, end.verdict);
}

}  // namespace queue_runner
