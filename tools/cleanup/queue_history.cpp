#include "queue_history.hpp"

#include "bullmq/dead_letters.hpp"
#include "bullmq/queue.hpp"
#include "jobkit/redis_connection.hpp"

namespace cleanup {
namespace {

// Jobs per script call: Queue.clean asks for up to 10,000 at a time; fewer keeps each
// script (which blocks Redis while it runs) short.
constexpr std::int64_t k_jobs_per_call = 1000;

struct QueueRun {
  jobkit::RedisConnection& redis;
  const RunBudget& budget;
  bool dry_run;
  TargetReport& report;
};

// Jobs of a finished state ("completed", "failed") that finished at or before cutoff_ms.
jobkit::Result<std::int64_t> clean_state(QueueRun& run, const bullmq::Queue& queue, const std::string& state,
                                         std::int64_t cutoff_ms) {
  if (run.dry_run) {
    auto counted = run.redis.command({"ZCOUNT", queue.keys().key(state), "-inf", std::to_string(cutoff_ms)});
    if (!counted) return counted.error();
    return counted->value().integer();
  }
  std::int64_t removed = 0;
  for (;;) {
    if (run.budget.expired()) {
      run.report.stopped_at_time_limit = true;
      break;
    }
    const auto started = std::chrono::steady_clock::now();
    auto ids = queue.clean_jobs(run.redis, state, cutoff_ms, k_jobs_per_call);
    if (!ids) return ids.error();
    run.report.add_batch(elapsed_since(started));
    removed += static_cast<std::int64_t>(ids->size());
    if (static_cast<std::int64_t>(ids->size()) < k_jobs_per_call) break;
  }
  return removed;
}

jobkit::Result<std::int64_t> trim_events(QueueRun& run, const bullmq::Queue& queue, std::int64_t max_length) {
  const std::string key = queue.keys().key("events");
  if (run.dry_run) {
    auto length = run.redis.command({"XLEN", key});
    if (!length) return length.error();
    return std::max<std::int64_t>(0, length->value().integer() - max_length);
  }
  auto trimmed = run.redis.command({"XTRIM", key, "MAXLEN", "~", std::to_string(max_length)});
  if (!trimmed) return trimmed.error();
  return trimmed->value().integer();
}

jobkit::Result<std::int64_t> purge_dead_letters(QueueRun& run, const QueuesPolicy& policy, std::int64_t cutoff_ms) {
  const bullmq::DeadLetterQueue letters(policy.prefix, *policy.dead_letter_queue);
  if (!run.dry_run) {
    auto purged = letters.purge(run.redis, cutoff_ms);
    if (!purged) return purged.error();
    return purged.value();
  }
  auto listed = letters.list(run.redis);
  if (!listed) return listed.error();
  std::int64_t old = 0;
  for (const auto& stored : listed.value()) old += stored.letter.failed_at <= cutoff_ms ? 1 : 0;
  return old;
}

}  // namespace

jobkit::Result<TargetReport> clean_queue_history(const CleanupJob& job, const jobkit::ToolContext& context,
                                                 const RunBudget& budget) {
  auto connected = jobkit::RedisConnection::from_environment(context.environment);
  if (!connected) return connected.error();
  TargetReport report;
  QueueRun run{connected.value(), budget, context.mode == jobkit::RunMode::dry_run, report};
  const QueuesPolicy& policy = job.queues;
  const std::int64_t now = bullmq::now_ms();
  nlohmann::json per_queue = nlohmann::json::object();
  for (const std::string& name : policy.queues) {
    const bullmq::Queue queue(policy.prefix, name);
    auto completed = clean_state(run, queue, "completed", now - job.older_than.count());
    if (!completed) return completed.error();
    auto failed = clean_state(run, queue, "failed", now - policy.failed_older_than.count());
    if (!failed) return failed.error();
    auto events = trim_events(run, queue, policy.events_max_length);
    if (!events) return events.error();
    report.removed += completed.value() + failed.value();
    per_queue[name] = {{"completed", completed.value()}, {"failed", failed.value()}, {"events_trimmed", events.value()}};
    if (report.stopped_at_time_limit) break;
  }
  report.details["queues"] = per_queue;
  if (policy.dead_letter_queue && !report.stopped_at_time_limit) {
    auto purged = purge_dead_letters(run, policy, now - policy.dead_letters_older_than.count());
    if (!purged) return purged.error();
    report.details["dead_letters_removed"] = purged.value();
  }
  return report;
}

}  // namespace cleanup
