// What `queue-runner run` adds for operators, started before the workers and stopped after
// them: the queue-depth collector, the /metrics server and the alerts, each only when the
// configuration asks for it.
#pragma once

#include <memory>

#include "alerts/alerter.hpp"
#include "config.hpp"
#include "jobkit/redis_url.hpp"
#include "metrics/depth_collector.hpp"
#include "metrics/metrics_server.hpp"

namespace queue_runner {

class Monitoring {
 public:
  // Errors: config (78) when the metrics address cannot be bound.
  static jobkit::Result<std::unique_ptr<Monitoring>> start(const RunnerConfig& config,
                                                           const jobkit::RedisEndpoint& endpoint);
  ~Monitoring();
  Monitoring(const Monitoring&) = delete;
  Monitoring& operator=(const Monitoring&) = delete;

 private:
  Monitoring() = default;

  // Declared in the order they are made; destroyed the other way round.
  std::unique_ptr<alerts::Alerter> m_alerter;
  std::unique_ptr<metrics::DepthCollector> m_collector;
  std::unique_ptr<metrics::MetricsServer> m_server;
};

}  // namespace queue_runner
