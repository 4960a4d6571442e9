// From a fetched job to its JobEnd.
#include "job_processor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "jobkit/job_environment.hpp"
#include "jobkit/redaction.hpp"

extern char** environ;

namespace queue_runner {
namespace {

using bullmq::JobRecord;

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
  const jobkit::JobMetadata metadata{job.id,
                                     job.name,
                                     queue.name,
                                     job.attempts_made + 1,
                                     std::max(attempts, job.attempts_made + 1),
                                     job.timestamp};
  for (auto& [name, value] : jobkit::job_variables(metadata)) variables[name] = std::move(value);
  variables[std::string(jobkit::job_variable::progress_fd)] = "3";
  return environment_strings(variables);
}

// A progress line is a number or a JSON object; anything else is ignored with a warning.
std::optional<std::string> progress_json(std::string_view line) {
  const auto value = nlohmann::json::parse(line, nullptr, false);
  if (value.is_number() || value.is_object()) return value.dump();
  return std::nullopt;
}

// How much of a tool's stderr the runner copies, into the job's log in Redis and into its own
// log: at most max_log_lines lines and k_copied_stderr_bytes, so that a tool flooding stderr
// neither floods the host's journal nor slows its own job; the rest is only counted.
constexpr std::int64_t k_copied_stderr_bytes = 256 * 1024;

struct StderrCopy {
  std::int64_t lines = 0;
  std::int64_t bytes = 0;
  std::int64_t dropped_lines = 0;
  std::int64_t dropped_bytes = 0;
};

ToolInvocation make_invocation(const JobContext& context, const JobRecord& job, StderrCopy& copy) {
  const auto& queue = context.queue;
  ToolInvocation invocation;
  invocation.argv = queue.command_for(job.name);
  invocation.environment = tool_environment(queue, job, job.attempts_or(queue.default_attempts));
  invocation.input = job.data;
  invocation.limits = {queue.timeout_ms, queue.kill_grace_ms, queue.memory_mb, queue.cpu_seconds,
                       queue.max_output_bytes};
  invocation.should_stop = context.should_stop;
  invocation.fork_server = context.fork_server;
  invocation.on_log_line = [&context, &job, &copy](std::string_view line) {
    const auto size = static_cast<std::int64_t>(line.size());
    if (copy.lines >= context.queue.max_log_lines || copy.bytes + size > k_copied_stderr_bytes) {
      ++copy.dropped_lines;
      copy.dropped_bytes += size;
      return;
    }
    ++copy.lines;
    copy.bytes += size;
    const std::string clean = jobkit::redact_secrets(line);
    spdlog::info("{}/{}: {}", context.queue.name, job.id, clean);
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

// Says how much of stderr was left out, in both logs, once the tool is done.
void report_dropped_stderr(const JobContext& context, const JobRecord& job, const StderrCopy& copy) {
  if (copy.dropped_lines == 0) return;
  const std::string note = fmt::format("[queue-runner] further log lines omitted: {} line(s), {} byte(s) of stderr",
                                       copy.dropped_lines, copy.dropped_bytes);
  spdlog::warn("{}/{}: {}", context.queue.name, job.id, note);
  (void)context.bullmq.add_log(context.redis, job, note);
}

// A job made by a job scheduler must never end its schedule: BullMQ's worker creates the
// next iteration before running this one, for `every` and cron `pattern` schedulers alike.
void schedule_next_iteration(const JobContext& context, const JobRecord& job) {
  const nlohmann::json repeat = job.opts.value("repeat", nlohmann::json::object());
  auto next = repeat.contains("pattern") ? context.bullmq.add_next_pattern_iteration(context.redis, job)
                                         : context.bullmq.add_next_scheduler_iteration(context.redis, job);
  if (!next) {
    spdlog::error("{}/{}: cannot create the next iteration of scheduler {}: {}", context.queue.name, job.id,
                  *job.scheduler_id, next.error().message);
  } else if (next.value()) {
    spdlog::debug("{}/{}: next iteration {}", context.queue.name, job.id, *next.value());
  }
}

// Everything up to the job's end; may throw on stored data no producer should write.
JobEnd run_job(const JobContext& context, const JobRecord& job) {
  if (job.scheduler_id) schedule_next_iteration(context, job);
  if (job.deferred_failure) {
    // Set by the stalled checker when a job stalled too often: BullMQ fails it unrecoverably.
    return {ToolOutcome{}, permanent_failure(*job.deferred_failure)};
  }
  StderrCopy copy;
  const ToolInvocation invocation = make_invocation(context, job, copy);
  ToolOutcome outcome = run_tool_process(invocation);
  report_dropped_stderr(context, job, copy);
  ToolVerdict verdict = judge_tool_outcome(outcome, invocation.limits);
  return {std::move(outcome), std::move(verdict)};
}

}  // namespace

std::vector<std::string> queue_environment(const QueueConfig& queue) { return environment_strings(queue_variables(queue)); }

JobEnding process_job(const JobContext& context, const JobRecord& job, const std::string& token) {
  // A job whose stored options trip the runner must not take the runner down, nor come back
  // forever: it ends as a permanent failure, through the same path as a tool's.
  JobEnd end;
  try {
    end = run_job(context, job);
  } catch (const std::exception& error) {
    spdlog::error("{}/{}: cannot process the job: {}", context.queue.name, job.id, error.what());
    end = processing_failure(error.what());
  }
  std::string why;
  try {
    return end_job(context, job, token, end);
  } catch (const std::exception& error) {
    // Ending it tripped over its options too (its backoff, say): fail it without them.
    why = error.what();
    spdlog::error("{}/{}: cannot end the job: {}", context.queue.name, job.id, why);
  }
  try {
    return end_job(context, job, token, processing_failure(why));
  } catch (const std::exception& error) {
    spdlog::error("{}/{}: cannot fail the job either, leaving it to the stalled check: {}", context.queue.name, job.id,
                  error.what());
    return {JobOutcome::error, std::nullopt};
  }
}

}  // namespace queue_runner
