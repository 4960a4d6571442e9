// Incidents are keyed by kind and queue; each opens at most once until it is resolved.
#include "alerts/incident_tracker.hpp"

#include <fmt/format.h>

namespace queue_runner::alerts {
namespace {

std::int64_t waiting_jobs(const metrics::QueueDepth& depth) {
  std::int64_t waiting = 0;
  for (const auto& [state, count] : depth.states) {
    if (state == "wait" || state == "prioritized") waiting += count;
  }
  return waiting;
}

}  // namespace

IncidentTracker::IncidentTracker(const AlertsConfig& config, std::vector<std::string> watched_queues)
    : m_config(config), m_watched(watched_queues.begin(), watched_queues.end()) {}

IncidentTracker::Change IncidentTracker::hold(HeldCondition& condition, bool holds, std::int64_t for_ms,
                                              Clock::time_point now) {
  if (!holds) {
    condition.since.reset();
    if (!condition.firing) return Change::none;
    condition.firing = false;
    return Change::resolved;
  }
  if (!condition.since) condition.since = now;
  if (condition.firing || now - *condition.since < std::chrono::milliseconds(for_ms)) return Change::none;
  condition.firing = true;
  return Change::fired;
}

std::optional<Alert> IncidentTracker::dead_letter(const std::string& queue, const std::string& job_id,
                                                  const std::string& reason, Clock::time_point now) {
  auto [incident, opened] = m_dead_letters.try_emplace(queue);
  incident->second.last = now;
  ++incident->second.count;
  if (!opened) return std::nullopt;
  return Alert{"dead_letters", queue, false,
               fmt::format("queue {}: job {} failed for good and went to the dead-letter queue: {}", queue, job_id, reason),
               1};
}

void IncidentTracker::check_queue(const metrics::QueueDepth& depth, Clock::time_point now, std::vector<Alert>& alerts) {
  if (m_watched.count(depth.queue) == 0) return;
  if (m_config.backlog) {
    const std::int64_t waiting = waiting_jobs(depth);
    const Change change = hold(m_backlog[depth.queue], waiting > m_config.backlog->limit, m_config.backlog->for_ms, now);
    if (change == Change::fired) {
      alerts.push_back({"backlog", depth.queue, false,
                        fmt::format("queue {}: {} jobs waiting, over {} for {} s", depth.queue, waiting,
                                    m_config.backlog->limit, m_config.backlog->for_ms / 1000),
                        waiting});
    } else if (change == Change::resolved) {
      alerts.push_back({"backlog", depth.queue, true,
                        fmt::format("queue {}: backlog cleared, {} jobs waiting", depth.queue, waiting), waiting});
    }
  }
  if (m_config.oldest_wait) {
    const auto age = static_cast<std::int64_t>(depth.oldest_waiting_seconds.value_or(0));
    const Change change =
        hold(m_oldest_wait[depth.queue], age > m_config.oldest_wait->limit, m_config.oldest_wait->for_ms, now);
    if (change == Change::fired) {
      alerts.push_back({"oldest_wait", depth.queue, false,
                        fmt::format("queue {}: the oldest waiting job has waited {} s (limit {} s)", depth.queue, age,
                                    m_config.oldest_wait->limit),
                        age});
    } else if (change == Change::resolved) {
      alerts.push_back({"oldest_wait", depth.queue, true,
                        fmt::format("queue {}: no job waits longer than {} s any more", depth.queue,
                                    m_config.oldest_wait->limit),
                        age});
    }
  }
}

std::vector<Alert> IncidentTracker::reading(const metrics::DepthReading& reading, Clock::time_point now) {
  std::vector<Alert> alerts;
  const Change redis = hold(m_redis_lost, !reading.redis_up, m_config.redis_lost_for_ms, now);
  if (redis == Change::fired) {
    alerts.push_back({"redis_lost", "", false,
                      fmt::format("Redis unreachable for {} s: jobs are not being taken", m_config.redis_lost_for_ms / 1000), 0});
  } else if (redis == Change::resolved) {
    alerts.push_back({"redis_lost", "", true, "Redis reachable again", 0});
  }
  for (const auto& depth : reading.queues) check_queue(depth, now, alerts);
  const auto quiet = std::chrono::milliseconds(m_config.dead_letter_quiet_ms);
  for (auto incident = m_dead_letters.begin(); incident != m_dead_letters.end();) {
    if (now - incident->second.last < quiet) {
      ++incident;
      continue;
    }
    alerts.push_back({"dead_letters", incident->first, true,
                      fmt::format("queue {}: no new dead letters for {} s; {} in this incident", incident->first,
                                  m_config.dead_letter_quiet_ms / 1000, incident->second.count),
                      incident->second.count});
    incident = m_dead_letters.erase(incident);
  }
  return alerts;
}

}  // namespace queue_runner::alerts
