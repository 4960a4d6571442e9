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
#include "job_report.hpp"

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
  auto data = nlohmann::ordered_json::parse(job.data, nullptr, false);
  letter.data = data.is_discarded() ? nlohmann::ordered_json(job.data) : std::move(data);
  letter.opts = job.opts;
  letter.failed_reason = reason;
  letter.attempts_made = job.attempts_made + 1;
  if (outcome.end == ToolEnd::exited) letter.exit_code = outcome.exit_code;
  if (outcome.signal != 0) letter.signal = signal_name(outcome.signal);
  for (const auto& line : outcome.stderr_tail) letter.log_tail.push_back(jobkit::redact_secrets(line));
  letter.failed_at = bullmq::now_ms();
  return letter;
}

JobOutcome report_finish_error(const JobContext& context, const JobRecord& job, const jobkit::JobError& error) {
  if (error.code == "lock_lost") {
    // Another worker took the job after it stalled; it owns the outcome now.
    spdlog::warn("{}/{}: lost the lock, not finishing it: {}", context.queue.name, job.id, error.message);
    return JobOutcome::lock_lost;
  }
  if (context.redis.broken()) {
    spdlog::warn("{}/{}: lost Redis while recording the outcome: {}", context.queue.name, job.id, error.message);
  } else {
    spdlog::error("{}/{}: cannot record the outcome: {}", context.queue.name, job.id, error.message);
  }
  return JobOutcome::error;
}

// A retry when attempts are left and the failure is not permanent; nullopt otherwise.
std::optional<JobOutcome> retry_job(const JobContext& context, const JobRecord& job, const std::string& token,
                                    const ToolVerdict& verdict, const std::string& reason, const nlohmann::json& fields) {
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
               job.attempts_made + 1, attempts, delay.value().value_or(0), reason);
  return JobOutcome::retried;
}

JobEnding fail_job(const JobContext& context, const JobRecord& job, const std::string& token,
                   const ToolOutcome& outcome, const ToolVerdict& verdict) {
  // A tool's error message may quote a URL with its password or a token: every copy the
  // runner keeps (failedReason, stack, dead letter) is redacted.
  const std::string reason = jobkit::redact_secrets(verdict.value);
  const nlohmann::json fields = {{"failedReason", reason}, {"stacktrace", next_stacktrace(job, outcome, reason)}};
  if (auto retried = retry_job(context, job, token, verdict, reason, fields)) return {*retried, std::nullopt};
  // The letter goes in before the job is failed, so that a crash in between cannot lose it.
  if (auto letter = context.dead_letters.write(context.redis, dead_letter_of(context, job, outcome, reason)); !letter) {
    return {report_finish_error(context, job, letter.error()), std::nullopt};
  }
  bullmq::Finish finish{bullmq::FinishTarget::failed, reason,
                        bullmq::keep_jobs_from_option(job.opts.value("removeOnFail", nlohmann::json())),
                        job.attempts_or(context.queue.default_attempts), fields,
                        context.fetch_next_job() ? bullmq::FetchNext::yes : bullmq::FetchNext::no};
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
    return {report_finish_error(context, job, finished.error()), std::nullopt};
  }
  spdlog::warn("{}/{}: failed for good after {} attempt(s): {}", context.queue.name, job.id, job.attempts_made + 1,
               reason);
  return {JobOutcome::failed, std::move(finished->job)};
}

JobEnding complete_job(const JobContext& context, const JobRecord& job, const std::string& token,
                       const ToolOutcome& outcome, const ToolVerdict& verdict) {
  if (auto added = add_follow_up_jobs(context, job, verdict.result); !added) {
    return fail_job(context, job, token, outcome, {false, false, added.error().message, {}});
  }
  bullmq::Finish finish{bullmq::FinishTarget::completed, verdict.value,
                        bullmq::keep_jobs_from_option(job.opts.value("removeOnComplete", nlohmann::json())),
                        job.attempts_or(context.queue.default_attempts), nullptr,
                        context.fetch_next_job() ? bullmq::FetchNext::yes : bullmq::FetchNext::no};
  auto finished = context.bullmq.move_to_finished(context.redis, job, token, context.worker, finish);
  if (!finished) return {report_finish_error(context, job, finished.error()), std::nullopt};
  spdlog::debug("{}/{}: completed", context.queue.name, job.id);
  return {JobOutcome::completed, std::move(finished->job)};
}

JobOutcome return_to_wait(const JobContext& context, const JobRecord& job, const std::string& token) {
  auto returned = context.bullmq.move_back_to_wait(context.redis, job.id, token);
  if (!returned) return report_finish_error(context, job, returned.error());
  spdlog::info("{}/{}: shutting down, returned the job to wait", context.queue.name, job.id);
  return JobOutcome::returned_to_wait;
}

JobEnding record_end(const JobContext& context, const JobRecord& job, const std::string& token, const JobEnd& end) {
  if (end.outcome.end == ToolEnd::stopped) return {return_to_wait(context, job, token), std::nullopt};
  if (end.verdict.success) return complete_job(context, job, token, end.outcome, end.verdict);
  return fail_job(context, job, token, end.outcome, end.verdict);
}

// Records the end, reconnecting while the job's lock is surely ours (see end_job).
JobEnding record_end_until_recorded(const JobContext& context, const JobRecord& job, const std::string& token,
                                    const JobEnd& end) {
  // A margin for the clocks of this host and Redis, and for the command's own time.
  constexpr auto k_lock_margin = std::chrono::seconds(1);
  bool reconnected = false;
  for (;;) {
    JobEnding ending = record_end(context, job, token, end);
    if (reconnected && !ending.next_job && !context.redis.broken() && context.fetch_next_job()) {
      // The call whose reply was lost may have finished the job and taken the next one.
      if (auto taken = context.bullmq.find_active_job_locked_by(context.redis, token, job.id); taken && taken.value()) {
        ending.next_job = std::move(*taken.value());
      }
    }
    if (ending.outcome != JobOutcome::error || !context.redis.broken()) return ending;
    // Every step of recording is safe to repeat: the dead letter and follow-up jobs have
    // fixed ids, and BullMQ's scripts check the lock's token before they move the job.
    if (!context.reconnect(context.lock_valid_until() - k_lock_margin)) {
      spdlog::error("{}/{}: Redis did not come back while the job's lock could still be ours; "
                    "BullMQ's stalled check will give it to a worker again",
                    context.queue.name, job.id);
      return ending;
    }
    reconnected = true;
    spdlog::info("{}/{}: connected to Redis again, recording the outcome", context.queue.name, job.id);
  }
}

}  // namespace

JobEnd processing_failure(const std::string& why) {
  return {ToolOutcome{}, permanent_failure(fmt::format("queue-runner cannot process this job: {}", why))};
}

JobEnding end_job(const JobContext& context, const JobRecord& job, const std::string& token, const JobEnd& end) {
  JobEnding ending = record_end_until_recorded(context, job, token, end);
  report_job_end(context.queue.name, job.id, end, ending.outcome);
  return ending;
}

}  // namespace queue_runner
