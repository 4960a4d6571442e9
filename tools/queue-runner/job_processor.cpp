// From a fetched job to its final state in Redis.
#include "job_processor.hpp"

#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "backoff.hpp"
#include "jobkit/exit_code.hpp"
#include "jobkit/redaction.hpp"

extern char** environ;

namespace queue_runner {
namespace {

using jobkit::RedisConnection;

// The runner's own environment with the queue's "env" over it.
std::map<std::string, std::string> queue_variables(const QueueConfig& queue) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string::npos) variables[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : queue.environment) variables[name] = value;
  return variables;
}

std::vector<std::string> environment_strings(const std::map<std::string, std::string>& variables) {
  std::vector<std::string> result;
  for (const auto& [name, value] : variables) result.push_back(name + "=" + value);
  return result;
}

std::vector<std::string> tool_environment(const QueueConfig& queue, const JobRecord& job, std::int64_t attempts) {
  auto variables = queue_variables(queue);
  variables["JOB_ID"] = job.id;
  variables["JOB_NAME"] = job.name;
  variables["JOB_QUEUE"] = queue.name;
  variables["JOB_ATTEMPT"] = std::to_string(job.attempts_made + 1);
  variables["JOB_ATTEMPTS"] = std::to_string(std::max(attempts, job.attempts_made + 1));
  variables["JOB_TIMESTAMP"] = std::to_string(job.timestamp);
  variables["JOB_PROGRESS_FD"] = "3";
  return environment_strings(variables);
}

// A progress line is a number or a JSON object; anything else is ignored with a warning.
std::optional<std::string> progress_json(std::string_view line) {
  const auto value = nlohmann::json::parse(line, nullptr, false);
  if (value.is_number() || value.is_object()) return value.dump();
  return std::nullopt;
}

std::string error_message_of(const std::string& output) {
  const auto body = nlohmann::json::parse(output, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    return body["error"].value("message", "");
  }
  return "";
}

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
    const auto& entry = (*enqueue)[index];
    const std::string queue = entry.value("queue", "");
    if (!entry.is_object() || queue.empty() || queue.find(':') != std::string::npos) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    fmt::format("result /enqueue/{} needs a queue name without ':'", index));
    }
    NewJob follow_up{entry.value("name", "default"), entry.value("data", nlohmann::json::object()).dump(),
                     entry.value("opts", nlohmann::json::object())};
    if (!follow_up.opts.is_object()) follow_up.opts = nlohmann::json::object();
    // Three ':'-separated parts, the one id shape with ':' that BullMQ's Queue.add accepts.
    follow_up.opts["jobId"] = fmt::format("followup:{}:{}-{}", context.queue.name, job.id, index);
    const BullmqQueue target({context.bullmq.keys().prefix, queue});
    if (auto added = target.add_job(context.redis, follow_up); !added) return added.error();
  }
  return jobkit::Done{};
}

BullmqQueue dead_letter_queue(const JobContext& context) {
  return BullmqQueue({context.bullmq.keys().prefix, context.queue.dead_letter_queue});
}

std::string dead_letter_id(const JobContext& context, const JobRecord& job) {
  return fmt::format("dlq:{}:{}", context.queue.name, job.id);
}

jobkit::Status add_dead_letter(const JobContext& context, const JobRecord& job, const ToolOutcome& outcome,
                               const std::string& reason) {
  nlohmann::json data = nlohmann::json::parse(job.data, nullptr, false);
  nlohmann::json entry = {
      {"queue", context.queue.name},
      {"job_id", job.id},
      {"name", job.name},
      {"data", data.is_discarded() ? nlohmann::json(job.data) : data},
      {"opts", job.opts},
      {"failed_reason", reason},
      {"attempts_made", job.attempts_made + 1},
      {"exit_code", outcome.end == ToolEnd::exited ? nlohmann::json(outcome.exit_code) : nlohmann::json(nullptr)},
      {"signal", outcome.signal != 0 ? nlohmann::json(signal_name(outcome.signal)) : nlohmann::json(nullptr)},
      {"log_tail", outcome.stderr_tail},
      {"failed_at", now_ms()},
  };
  NewJob letter{context.queue.name, entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                {{"jobId", dead_letter_id(context, job)}}};
  if (auto added = dead_letter_queue(context).add_job(context.redis, letter); !added) return added.error();
  return jobkit::Done{};
}

// The letter goes in before the job is failed, so that a crash in between cannot lose it.
// When failing then finds the lock gone, another worker took the job over and owns its
// fate: the letter is taken back instead of telling of a failure that did not happen.
void withdraw_dead_letter(const JobContext& context, const JobRecord& job) {
  if (auto removed = dead_letter_queue(context).remove_job(context.redis, dead_letter_id(context, job)); !removed) {
    spdlog::warn("{}/{}: cannot take back the dead letter {}: {}", context.queue.name, job.id,
                 dead_letter_id(context, job), removed.error().message);
  }
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

JobOutcome fail_job(const JobContext& context, const JobRecord& job, const std::string& token,
                    const ToolOutcome& outcome, const ToolVerdict& verdict) {
  const std::int64_t attempts = job.attempts_or(context.queue.default_attempts);
  const nlohmann::json fields = {{"failedReason", verdict.value},
                                 {"stacktrace", next_stacktrace(job, outcome, verdict.value)}};
  if (!verdict.permanent && job.attempts_made + 1 < attempts) {
    const nlohmann::json backoff = job.opts.contains("backoff") ? job.opts["backoff"]
                                                                : context.queue.default_backoff.value_or(nullptr);
    auto delay = backoff_delay(backoff, job.attempts_made + 1, random_unit());
    if (delay) {
      auto moved = delay.value().value_or(0) > 0
                       ? context.bullmq.move_to_delayed(context.redis, job, token, *delay.value(), fields)
                       : context.bullmq.retry_now(context.redis, job, token, fields);
      if (!moved) return report_finish_error(context, job, moved.error());
      spdlog::info("{}/{}: attempt {} of {} failed, retrying in {} ms: {}", context.queue.name, job.id,
                   job.attempts_made + 1, attempts, delay.value().value_or(0), verdict.value);
      return JobOutcome::retried;
    }
    spdlog::warn("{}/{}: {}; failing the job", context.queue.name, job.id, delay.error().message);
  }
  if (auto letter = add_dead_letter(context, job, outcome, verdict.value); !letter) {
    return report_finish_error(context, job, letter.error());
  }
  Finish finish{FinishTarget::failed, verdict.value, keep_jobs_from_option(job.opts.value("removeOnFail", nlohmann::json())),
                attempts, fields};
  auto finished = context.bullmq.move_to_finished(context.redis, job, token, context.worker, finish);
  if (!finished) {
    if (finished.error().code == "lock_lost") withdraw_dead_letter(context, job);
    return report_finish_error(context, job, finished.error());
  }
  spdlog::warn("{}/{}: failed for good after {} attempt(s): {}", context.queue.name, job.id, job.attempts_made + 1,
               verdict.value);
  return JobOutcome::failed;
}

JobOutcome complete_job(const JobContext& context, const JobRecord& job, const std::string& token,
                        const ToolVerdict& verdict) {
  if (auto added = add_follow_up_jobs(context, job, verdict.result); !added) {
    ToolOutcome none;
    return fail_job(context, job, token, none, {false, false, added.error().message, {}});
  }
  Finish finish{FinishTarget::completed, verdict.value,
                keep_jobs_from_option(job.opts.value("removeOnComplete", nlohmann::json())),
                job.attempts_or(context.queue.default_attempts), nullptr};
  auto finished = context.bullmq.move_to_finished(context.redis, job, token, context.worker, finish);
  if (!finished) return report_finish_error(context, job, finished.error());
  spdlog::debug("{}/{}: completed", context.queue.name, job.id);
  return JobOutcome::completed;
}

ToolInvocation make_invocation(const JobContext& context, const JobRecord& job) {
  const auto& queue = context.queue;
  ToolInvocation invocation;
  invocation.argv = queue.command_for(job.name);
  invocation.environment = tool_environment(queue, job, job.attempts_or(queue.default_attempts));
  invocation.input = job.data;
  invocation.limits = {queue.timeout_ms, queue.kill_grace_ms, queue.memory_mb, queue.cpu_seconds,
                       queue.max_output_bytes};
  invocation.should_stop = context.should_stop;
  invocation.fork_server = context.fork_server;
  auto log_lines = std::make_shared<std::int64_t>(0);
  invocation.on_log_line = [&context, &job, log_lines](std::string_view line) {
    const std::string clean = jobkit::redact_secrets(line);
    spdlog::info("{}/{}: {}", context.queue.name, job.id, clean);
    if (++*log_lines > context.queue.max_log_lines) {
      if (*log_lines == context.queue.max_log_lines + 1) {
        (void)context.bullmq.add_log(context.redis, job, "[queue-runner] further log lines omitted");
      }
      return;
    }
    (void)context.bullmq.add_log(context.redis, job, clean);
  };
  invocation.on_progress_line = [&context, &job](std::string_view line) {
    if (const auto progress = progress_json(line)) {
      (void)context.bullmq.update_progress(context.redis, job.id, *progress);
    } else {
      spdlog::warn("{}/{}: ignoring a progress line that is neither a number nor an object", context.queue.name, job.id);
    }
  };
  return invocation;
}

// A job made by a job scheduler must never end its schedule: BullMQ's worker creates the
// next iteration before running this one. Only `every` schedulers are computed here; cron
// patterns need a cron parser (its own issue), so they are counted and warned about.
void schedule_next_iteration(const JobContext& context, const JobRecord& job) {
  const nlohmann::json repeat = job.opts.value("repeat", nlohmann::json::object());
  if (repeat.contains("pattern")) {
    spdlog::warn("{}/{}: cron job scheduler \"{}\" needs a cron parser; its next iteration was not created",
                 context.queue.name, job.id, *job.scheduler_id);
    (void)context.redis.command({"HINCRBY", context.bullmq.keys().key("jobkit:stats"), "cron_schedulers_skipped", "1"});
    return;
  }
  auto next = context.bullmq.add_next_scheduler_iteration(context.redis, job);
  if (!next) {
    spdlog::error("{}/{}: cannot create the next iteration of scheduler {}: {}", context.queue.name, job.id,
                  *job.scheduler_id, next.error().message);
  } else if (next.value()) {
    spdlog::debug("{}/{}: next iteration {}", context.queue.name, job.id, *next.value());
  }
}

}  // namespace

std::vector<std::string> queue_environment(const QueueConfig& queue) { return environment_strings(queue_variables(queue)); }

ToolVerdict judge_tool_outcome(const ToolOutcome& outcome, const ToolLimits& limits) {
  ToolVerdict verdict;
  switch (outcome.end) {
    case ToolEnd::not_started:
      verdict.value = fmt::format("cannot start the tool: {}", outcome.error);
      return verdict;
    case ToolEnd::timed_out:
      verdict.value = fmt::format("timed out after {} ms", limits.timeout_ms);
      return verdict;
    case ToolEnd::output_too_large:
      verdict.value = fmt::format("the tool wrote more than max_output_bytes ({} bytes) to stdout", limits.max_output_bytes);
      return verdict;
    case ToolEnd::signalled:
      verdict.value = fmt::format("killed by signal {}", signal_name(outcome.signal));
      return verdict;
    case ToolEnd::stopped:
      verdict.value = "stopped by shutdown";
      return verdict;
    case ToolEnd::exited:
      break;
  }
  if (outcome.exit_code != 0) {
    const std::string message = error_message_of(outcome.output);
    verdict.permanent = jobkit::retry_for_exit_status(outcome.exit_code) == jobkit::Retry::no;
    verdict.value = message.empty() ? fmt::format("exited with status {}", outcome.exit_code) : message;
    return verdict;
  }
  verdict.result = nlohmann::json::parse(outcome.output, nullptr, false);
  if (verdict.result.is_discarded()) {
    verdict.value = "exited with status 0 but its stdout is not one JSON value";
    return verdict;
  }
  verdict.success = true;
  verdict.value = verdict.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return verdict;
}

JobOutcome process_job(const JobContext& context, const JobRecord& job, const std::string& token) {
  if (job.scheduler_id) schedule_next_iteration(context, job);
  if (job.deferred_failure) {
    // Set by the stalled checker when a job stalled too often: BullMQ fails it unrecoverably.
    ToolOutcome none;
    return fail_job(context, job, token, none, {false, true, *job.deferred_failure, {}});
  }
  const ToolInvocation invocation = make_invocation(context, job);
  const ToolOutcome outcome = run_tool_process(invocation);
  if (outcome.end == ToolEnd::stopped) {
    auto returned = context.bullmq.move_back_to_wait(context.redis, job.id, token);
    if (!returned) return report_finish_error(context, job, returned.error());
    spdlog::info("{}/{}: shutting down, returned the job to wait", context.queue.name, job.id);
    return JobOutcome::returned_to_wait;
  }
  const ToolVerdict verdict = judge_tool_outcome(outcome, invocation.limits);
  return verdict.success ? complete_job(context, job, token, verdict) : fail_job(context, job, token, outcome, verdict);
}

}  // namespace queue_runner
