// The HTTP endpoint of `queue-runner run`: GET /metrics (Prometheus's text format, from
// runner_metrics()) and GET /healthz (200 while the last depth reading reached Redis, 503
// otherwise). Served by cpp-httplib on two threads of its own.
#pragma once

#include <memory>
#include <thread>

#include "jobkit/job_error.hpp"
#include "metrics/metrics_config.hpp"

namespace httplib {
class Server;
}

namespace queue_runner::metrics {

class MetricsServer {
 public:
  // Binds the configured address. Errors: config (78) when it cannot be bound.
  static jobkit::Result<std::unique_ptr<MetricsServer>> start(const MetricsConfig& config);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return m_port; }

 private:
  MetricsServer();

  std::unique_ptr<httplib::Server> m_server;
  int m_port = 0;
  std::thread m_thread;
};

}  // namespace queue_runner::metrics
