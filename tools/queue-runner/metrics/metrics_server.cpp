// cpp-httplib rather than a socket loop of our own: request parsing, keep-alive and timeouts
// are its job.
#include "metrics/metrics_server.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include "jobkit/exit_code.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner::metrics {
namespace {

// Prometheus, a health check and a person with curl: two threads are plenty, and a scrape
// only formats what is already in memory.
constexpr std::size_t k_server_threads = 2;

}  // namespace

MetricsServer::MetricsServer() : m_server(std::make_unique<httplib::Server>()) {}

MetricsServer::~MetricsServer() {
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
}

jobkit::Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const MetricsConfig& config) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  httplib::Server& http = *server->m_server;
  http.new_task_queue = [] { return new httplib::ThreadPool(k_server_threads); };
  // Without it a response written in two parts waits out the client's delayed ACK (40 ms).
  http.set_tcp_nodelay(true);
  http.set_read_timeout(std::chrono::seconds(5));
  http.set_write_timeout(std::chrono::seconds(5));
  http.Get("/metrics", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(runner_metrics().exposition(), "text/plain; version=0.0.4; charset=utf-8");
  });
  http.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    const bool up = runner_metrics().redis_up();
    response.status = up ? 200 : 503;
    response.set_content(up ? "ok\n" : "redis unreachable\n", "text/plain; charset=utf-8");
  });
  const int port = config.port == 0 ? http.bind_to_any_port(config.host) : (http.bind_to_port(config.host, config.port) ? config.port : -1);
  if (port <= 0) {
    return jobkit::JobError::make(jobkit::ExitCode::config,
                                  fmt::format("metrics: cannot listen on {}:{} (address in use or not this host's)",
                                              config.host, config.port));
  }
  server->m_port = port;
  server->m_thread = std::thread([&http] { http.listen_after_bind(); });
  return server;
}

}  // namespace queue_runner::metrics
