// The alerts of `queue-runner run`: takes dead letters (from end_job's report) and depth
// readings (from the collector), lets the incident tracker decide, and hands alerts to the
// webhook sender and dead letters to the on_dead command. Both calls return at once.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "alerts/alert_sender.hpp"
#include "alerts/alerts_config.hpp"
#include "alerts/dead_letter_hook.hpp"
#include "alerts/incident_tracker.hpp"

namespace queue_runner::alerts {

class Alerter {
 public:
  Alerter(const AlertsConfig& config, const std::string& runner, std::vector<std::string> watched_queues);

  void dead_letter(const DeadLetterNotice& notice);
  void reading(const metrics::DepthReading& reading);

 private:
  std::mutex m_mutex;  // guards m_tracker: slots and the collector call in from their threads
  IncidentTracker m_tracker;
  std::unique_ptr<AlertSender> m_sender;         // when a webhook is configured
  std::unique_ptr<DeadLetterHookRunner> m_hook;  // when on_dead is configured
};

}  // namespace queue_runner::alerts
