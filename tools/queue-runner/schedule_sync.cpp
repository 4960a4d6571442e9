// The config's schedules in Redis, and the bookkeeping that tells the config's schedulers
// apart from the Node app's.
#include "schedule_sync.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bullmq/job_scheduler_upsert.hpp"
#include "bullmq/keys.hpp"

namespace queue_runner {
namespace {

// Beside the queue's BullMQ keys, as the runner's other counters: BullMQ never reads it.
constexpr std::string_view k_config_schedules = "jobkit:schedules";

std::set<std::string> config_queue_names(const RunnerConfig& config) {
  std::set<std::string> names;
  for (const auto& queue : config.queues) names.insert(queue.name);
  for (const auto& skipped : config.skipped) names.insert(skipped.queue);
  for (const auto& schedule : config.schedules) names.insert(schedule.queue);
  return names;
}

jobkit::Status remember_schedule(jobkit::RedisConnection& redis, const bullmq::QueueKeys& keys, const std::string& id) {
  auto reply = redis.command({"SADD", keys.key(k_config_schedules), id});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

}  // namespace

jobkit::Result<ScheduleSyncReport> find_stale_schedules(jobkit::RedisConnection& redis, const RunnerConfig& config,
                                                        PruneSchedules prune) {
  ScheduleSyncReport report;
  for (const auto& queue : config_queue_names(config)) {
    const bullmq::QueueKeys keys{config.prefix, queue};
    auto members = redis.command({"SMEMBERS", keys.key(k_config_schedules)});
    if (!members) return members.error();
    for (std::size_t i = 0; i < members->value().size(); ++i) {
      const std::string id(members->value().at(i).text());
      const bool configured = std::any_of(config.schedules.begin(), config.schedules.end(), [&](const auto& schedule) {
        return schedule.queue == queue && schedule.scheduler.id == id;
      });
      if (configured) continue;
      const std::string name = fmt::format("{}/{}", queue, id);
      report.stale.push_back(name);
      if (prune == PruneSchedules::no) continue;
      if (auto removed = bullmq::remove_job_scheduler(redis, keys, id); !removed) return removed.error();
      if (auto forgotten = redis.command({"SREM", keys.key(k_config_schedules), id}); !forgotten) {
        return forgotten.error();
      }
      report.removed.push_back(name);
    }
  }
  return report;
}

jobkit::Result<ScheduleSyncReport> sync_schedules(jobkit::RedisConnection& redis, const RunnerConfig& config,
                                                  PruneSchedules prune) {
  std::vector<std::string> upserted, unchanged;
  for (const auto& schedule : config.schedules) {
    const bullmq::QueueKeys keys{config.prefix, schedule.queue};
    // Remembered first: a runner killed between the two leaves a known id, never an
    // unknown scheduler.
    if (auto remembered = remember_schedule(redis, keys, schedule.scheduler.id); !remembered) return remembered.error();
    const std::string name = fmt::format("{}/{}", schedule.queue, schedule.scheduler.id);
    auto matches = bullmq::job_scheduler_matches(redis, keys, schedule.scheduler);
    if (!matches) return matches.error();
    if (matches.value()) {
      unchanged.push_back(name);
      continue;
    }
    auto result = bullmq::upsert_job_scheduler(redis, keys, schedule.scheduler);
    if (!result) return result.error();
    upserted.push_back(name);
  }
  auto report = find_stale_schedules(redis, config, prune);
  if (!report) return report.error();
  report->upserted = std::move(upserted);
  report->unchanged = std::move(unchanged);
  return report;
}

void log_schedule_sync(const ScheduleSyncReport& report) {
  for (const auto& name : report.upserted) spdlog::info("schedule {} upserted", name);
  for (const auto& name : report.unchanged) spdlog::info("schedule {} unchanged", name);
  for (const auto& name : report.removed) spdlog::info("schedule {} removed: no longer in the configuration", name);
  for (const auto& name : report.stale) {
    if (std::find(report.removed.begin(), report.removed.end(), name) != report.removed.end()) continue;
    spdlog::warn("schedule {} is no longer in the configuration but still in Redis; kept (run with "
                 "--prune-schedules, or queue-runner schedules prune, to remove it)",
                 name);
  }
}

}  // namespace queue_runner
