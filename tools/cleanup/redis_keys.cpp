#include "redis_keys.hpp"

#include <fmt/format.h>

#include "jobkit/redis_connection.hpp"
#include "key_pattern.hpp"

namespace cleanup {
namespace {

jobkit::Status refuse_queue_patterns(const RedisKeysPolicy& policy) {
  if (policy.include_queue_keys) return jobkit::Done{};
  for (const std::string& prefix : policy.queue_prefixes) {
    if (!pattern_may_match_prefix(policy.pattern, prefix + ":")) continue;
    jobkit::JobError error = jobkit::JobError::make(
        jobkit::ExitCode::forbidden,
        fmt::format("the pattern can match the queue keys \"{}:*\"; queue history is the queues target's job "
                    "(set include_queue_keys to true to mean it)",
                    prefix),
        "/pattern");
    error.code = "queue_keys_refused";
    return error;
  }
  return jobkit::Done{};
}

// The keys of one SCAN page idle for at least `idle_seconds`; a key gone meanwhile is skipped.
jobkit::Result<std::vector<std::string>> idle_keys(jobkit::RedisConnection& redis, const jobkit::RedisValue& page,
                                                   std::int64_t idle_seconds) {
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < page.size(); ++i) {
    const std::string key(page.at(i).text());
    auto idle = redis.command({"OBJECT", "IDLETIME", key});
    if (!idle) return idle.error();
    if (idle->value().is_integer() && idle->value().integer() >= idle_seconds) keys.push_back(key);
  }
  return keys;
}

}  // namespace

jobkit::Result<TargetReport> clean_redis_keys(const CleanupJob& job, const jobkit::ToolContext& context,
                                              const RunBudget& budget) {
  const RedisKeysPolicy& policy = job.redis_keys;
  if (auto allowed = refuse_queue_patterns(policy); !allowed) return allowed.error();
  auto connected = jobkit::RedisConnection::from_environment(context.environment);
  if (!connected) return connected.error();
  jobkit::RedisConnection& redis = connected.value();
  const bool dry_run = context.mode == jobkit::RunMode::dry_run;
  const std::int64_t idle_seconds = job.older_than.count() / 1000;
  const std::string count = std::to_string(policy.scan_count);
  TargetReport report;
  std::string cursor = "0";
  do {
    if (budget.expired()) {
      report.stopped_at_time_limit = true;
      break;
    }
    const auto started = std::chrono::steady_clock::now();
    auto page = redis.command({"SCAN", cursor, "MATCH", policy.pattern, "COUNT", count});
    if (!page) return page.error();
    // A page may be empty while the scan goes on: only cursor 0 ends it.
    cursor = std::string(page->value().at(0).text());
    auto keys = idle_keys(redis, page->value().at(1), idle_seconds);
    if (!keys) return keys.error();
    const std::size_t room = static_cast<std::size_t>(policy.max_keys - report.removed);
    if (keys->size() > room) keys->resize(room);
    if (!keys->empty() && !dry_run) {
      std::vector<std::string_view> unlink{"UNLINK"};
      unlink.insert(unlink.end(), keys->begin(), keys->end());
      auto gone = redis.command(unlink);
      if (!gone) return gone.error();
      report.removed += gone->value().is_integer() ? gone->value().integer() : 0;
    } else {
      report.removed += static_cast<std::int64_t>(keys->size());
    }
    report.add_batch(elapsed_since(started));
  } while (cursor != "0" && report.removed < policy.max_keys);
  report.details["reached_max_keys"] = report.removed >= policy.max_keys && cursor != "0";
  return report;
}

}  // namespace cleanup
