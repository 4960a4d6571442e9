// Start-up checks, the signal wait and an orderly shutdown.
#include "runner.hpp"

#include <signal.h>

#include <memory>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bullmq/queue.hpp"
#include "bullmq/scripts.hpp"
#include "monitoring.hpp"
#include "queue_worker.hpp"
#include "tool_process.hpp"

namespace queue_runner {
namespace {

int major_of(std::string_view version) { return std::atoi(std::string(version.substr(0, version.find('.'))).c_str()); }

std::string minor_of(std::string_view version) {
  const auto first = version.find('.');
  return std::string(version.substr(0, version.find('.', first + 1)));
}

}  // namespace

jobkit::Status check_bullmq_versions(jobkit::RedisConnection& redis, const RunnerConfig& config) {
  const std::string ours = bullmq::k_version;
  for (const auto& queue : config.queues) {
    auto stored = bullmq::Queue(config.prefix, queue.name).stored_version(redis);
    if (!stored) return stored.error();
    if (!stored.value()) continue;  // no Node Queue has written it yet
    const std::string& version = *stored.value();
    if (major_of(version) != major_of(ours)) {
      return jobkit::JobError::make(jobkit::ExitCode::config,
                                    fmt::format("queue {} was written by BullMQ {}, but queue-runner speaks BullMQ {}; "
                                                "refusing to touch it",
                                                queue.name, version, ours));
    }
    if (minor_of(version) != minor_of(ours)) {
      spdlog::warn("queue {}: BullMQ {} wrote it, queue-runner embeds {}; same major version, carrying on", queue.name,
                   version, ours);
    }
  }
  return jobkit::Done{};
}

jobkit::ExitCode run_queues(const RunnerConfig& config, PruneSchedules prune) {
  // Signals are taken synchronously by this thread; every worker thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto endpoint = jobkit::parse_redis_url(config.redis_url);
  if (!endpoint) return spdlog::error("{}", endpoint.error().message), endpoint.error().exit_code;
  auto redis = jobkit::RedisConnection::connect(endpoint.value());
  if (!redis) {
    const jobkit::JobError error = as_configuration_error(redis.error());
    spdlog::error("{}", error.message);
    return error.exit_code;
  }
  if (auto checked = check_bullmq_versions(redis.value(), config); !checked) {
    spdlog::error("{}", checked.error().message);
    return checked.error().exit_code;
  }
  if (auto synced = sync_schedules(redis.value(), config, prune); !synced) {
    spdlog::error("schedules: {}", synced.error().message);
    return synced.error().exit_code;
  } else {
    log_schedule_sync(synced.value());
  }

  // Before the workers, so that their first jobs are counted; destroyed after them.
  auto monitoring = Monitoring::start(config, endpoint.value());
  if (!monitoring) return spdlog::error("{}", monitoring.error().message), monitoring.error().exit_code;

  std::vector<std::unique_ptr<QueueWorker>> workers;
  for (const auto& queue : config.queues) {
    workers.push_back(std::make_unique<QueueWorker>(config, queue, endpoint.value()));
    if (auto started = workers.back()->start(); !started) {
      spdlog::error("{}", started.error().message);
      return started.error().exit_code;
    }
    spdlog::info("serving queue {} with {} slot(s): {}", queue.name, queue.concurrency, queue.command.front());
  }

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("{} received: no new jobs; running tools get {} ms to finish", signal_name(received),
               config.shutdown_grace_ms);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.shutdown_grace_ms);
  // Each worker also cuts its fetcher's blocking wait at the socket, so that stopping needs
  // no answer from a Redis that may have restarted or gone.
  for (auto& worker : workers) worker->request_stop(deadline);
  for (auto& worker : workers) worker->join();
  spdlog::info("stopped");
  return jobkit::ExitCode::ok;
}

}  // namespace queue_runner
