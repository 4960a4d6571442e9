// Turns what the runner sees into incidents: one alert when an incident opens and one when
// it is resolved, never one per job. Pure (time is passed in), so that tests can drive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "alerts/alerts_config.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner::alerts {

using Clock = std::chrono::steady_clock;

struct Alert {
  std::string kind;   // "dead_letters", "backlog", "oldest_wait", "redis_lost"
  std::string queue;  // empty for redis_lost
  bool resolved = false;
  std::string summary;     // one line for a person
  std::int64_t value = 0;  // dead letters in the incident, jobs waiting, or seconds
};

class IncidentTracker {
 public:
  // Backlog and oldest-wait thresholds apply to `watched_queues` (not to dead-letter queues,
  // whose whole point is to hold jobs).
  IncidentTracker(const AlertsConfig& config, std::vector<std::string> watched_queues);

  // A dead letter: opens the queue's incident unless one is open.
  std::optional<Alert> dead_letter(const std::string& queue, const std::string& job_id, const std::string& reason,
                                   Clock::time_point now);
  // A depth reading: opens or resolves backlog, oldest-wait and Redis incidents, and
  // resolves dead-letter incidents that have been quiet long enough.
  std::vector<Alert> reading(const metrics::DepthReading& reading, Clock::time_point now);

 private:
  // A condition that must hold for a while before it is an incident.
  struct HeldCondition {
    std::optional<Clock::time_point> since;
    bool firing = false;
  };
  struct DeadLetterIncident {
    Clock::time_point last;
    std::int64_t count = 0;
  };
  enum class Change { none, fired, resolved };
  static Change hold(HeldCondition& condition, bool holds, std::int64_t for_ms, Clock::time_point now);
  void check_queue(const metrics::QueueDepth& depth, Clock::time_point now, std::vector<Alert>& alerts);

  AlertsConfig m_config;
  std::set<std::string> m_watched;
  std::map<std::string, DeadLetterIncident> m_dead_letters;
  std::map<std::string, HeldCondition> m_backlog;
  std::map<std::string, HeldCondition> m_oldest_wait;
  HeldCondition m_redis_lost;
};

}  // namespace queue_runner::alerts
