// The tracker's lock is held only to decide; sending happens in the sender's thread.
#include "alerts/alerter.hpp"

#include <spdlog/spdlog.h>

namespace queue_runner::alerts {

Alerter::Alerter(const AlertsConfig& config, const std::string& runner, std::vector<std::string> watched_queues)
    : m_tracker(config, std::move(watched_queues)) {
  if (config.webhook) m_sender = std::make_unique<AlertSender>(*config.webhook, config.max_per_minute, runner);
  if (config.on_dead) m_hook = std::make_unique<DeadLetterHookRunner>(*config.on_dead);
}

void Alerter::dead_letter(const DeadLetterNotice& notice) {
  if (m_hook) m_hook->notify(notice);
  std::optional<Alert> alert;
  {
    std::lock_guard lock(m_mutex);
    alert = m_tracker.dead_letter(notice.queue, notice.job_id, notice.reason, Clock::now());
  }
  if (alert && m_sender) m_sender->send(std::move(*alert));
}

void Alerter::reading(const metrics::DepthReading& reading) {
  std::vector<Alert> alerts;
  {
    std::lock_guard lock(m_mutex);
    alerts = m_tracker.reading(reading, Clock::now());
  }
  for (auto& alert : alerts) {
    spdlog::warn("alert {}: {}", alert.resolved ? "resolved" : "firing", alert.summary);
    if (m_sender) m_sender->send(std::move(alert));
  }
}

}  // namespace queue_runner::alerts
