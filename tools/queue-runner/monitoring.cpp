// The collector reads the configuration's queues, the extra queues of the metrics section
// and every dead-letter queue; the alerts' thresholds apply to all but the dead-letter ones.
#include "monitoring.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "job_report.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner {
namespace {

void add_once(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

std::vector<std::string> watched_queues(const RunnerConfig& config) {
  std::vector<std::string> names;
  for (const auto& queue : config.queues) add_once(names, queue.name);
  for (const auto& name : config.metrics.extra_queues) add_once(names, name);
  return names;
}

}  // namespace

jobkit::Result<std::unique_ptr<Monitoring>> Monitoring::start(const RunnerConfig& config,
                                                              const jobkit::RedisEndpoint& endpoint) {
  std::unique_ptr<Monitoring> monitoring(new Monitoring());
  for (const auto& queue : config.queues) metrics::runner_metrics().add_slots(queue.name, queue.concurrency);
  if (!config.metrics.enabled && !config.alerts.enabled()) return monitoring;
  const std::vector<std::string> watched = watched_queues(config);
  if (config.alerts.enabled()) {
    const std::string runner = config.worker_name.empty() ? "queue-runner" : config.worker_name;
    monitoring->m_alerter = std::make_unique<alerts::Alerter>(config.alerts, runner, watched);
    set_dead_letter_listener([alerter = monitoring->m_alerter.get()](const alerts::DeadLetterNotice& notice) {
      alerter->dead_letter(notice);
    });
  }
  std::vector<std::string> reported = watched;
  for (const auto& queue : config.queues) add_once(reported, queue.dead_letter_queue);
  monitoring->m_collector = std::make_unique<metrics::DepthCollector>(
      config.prefix, reported, endpoint, std::chrono::milliseconds(config.metrics.collect_interval_ms),
      [alerter = monitoring->m_alerter.get()](const metrics::DepthReading& reading) {
        if (alerter) alerter->reading(reading);
      });
  if (config.metrics.enabled) {
    auto server = metrics::MetricsServer::start(config.metrics);
    if (!server) return server.error();
    monitoring->m_server = std::move(server.value());
    spdlog::info("metrics: serving /metrics and /healthz on http://{}:{}", config.metrics.host, monitoring->m_server->port());
  }
  return monitoring;
}

Monitoring::~Monitoring() {
  m_server.reset();
  m_collector.reset();
  set_dead_letter_listener(nullptr);
  m_alerter.reset();
}

}  // namespace queue_runner
