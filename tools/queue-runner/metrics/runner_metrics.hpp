// Everything /metrics shows, kept in memory: the runner's threads record into it as they
// work (each record takes one short lock), the queue-depth collector stores its latest
// reading, and a scrape renders it without touching Redis.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "job_ending.hpp"
#include "metrics/prometheus_text.hpp"
#include "tool_process.hpp"

namespace queue_runner::metrics {

// One queue's counts by BullMQ state, as its getCounts script returns them.
struct QueueDepth {
  std::string queue;
  std::vector<std::pair<std::string, std::int64_t>> states;  // "wait" -> 12, ...
  std::optional<double> oldest_waiting_seconds;                // none when nothing waits
};

// What the depth collector last saw.
struct DepthReading {
  bool redis_up = false;
  std::vector<QueueDepth> queues;  // empty while Redis is unreachable
  double collected_at_seconds = 0;  // Unix time of the last successful collection; 0: none yet
  double collection_seconds = 0;    // how long that collection took
};

// The exit_class label: how the tool's process ended, from a small fixed set ("ok",
// "temporary", "invalid_data", ..., "timeout", "signal", "output_too_large", "stopped",
// "not_started", "other_exit") so that the label's values stay few.
std::string exit_class_of(const ToolOutcome& outcome);

// When a job scheduler's iteration was due: BullMQ names iterations
// "repeat:<scheduler>:<due millis>"; nullopt for other ids.
std::optional<std::int64_t> scheduled_run_ms(const std::string& job_id);

// The outcome label: "completed", "retried", "failed", "returned_to_wait", "lock_lost", "error".
std::string outcome_label(JobOutcome outcome);

class RunnerMetrics {
 public:
  RunnerMetrics();

  void add_slots(const std::string& queue, int slots);
  void slot_busy(const std::string& queue, bool busy);
  void job_ended(const std::string& queue, JobOutcome outcome, const ToolOutcome& tool);
  void dead_letter_written(const std::string& queue);
  void redis_error();
  void redis_reconnected();
  void stalled_jobs_recovered(const std::string& queue, std::size_t count);
  // A scheduler's iteration started `lag_seconds` after it was due.
  void scheduled_job_started(const std::string& queue, double lag_seconds);
  void store_depths(DepthReading reading);
  void alert_sent();
  void alert_not_sent();  // failed, dropped or held back by the rate limit

  // The exposition text of every metric.
  std::string exposition() const;
  bool redis_up() const;

 private:
  struct QueueCounters {
    int slots = 0;
    int busy = 0;
    Histogram duration;
    Histogram cpu;
    Histogram rss;
    std::uint64_t dead_letters = 0;
    std::uint64_t stalled_recovered = 0;
    std::optional<double> scheduler_lag;
  };
  QueueCounters& counters_of(const std::string& queue);  // Requires: m_mutex held
  void render_job_metrics(PrometheusText& out) const;
  void render_depth_metrics(PrometheusText& out) const;

  mutable std::mutex m_mutex;
  std::map<std::string, QueueCounters> m_queues;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> m_jobs;  // queue, outcome, exit_class
  std::uint64_t m_redis_errors = 0;
  std::uint64_t m_redis_reconnects = 0;
  std::uint64_t m_alerts_sent = 0;
  std::uint64_t m_alerts_not_sent = 0;
  DepthReading m_depths;
};

// The process's metrics, which the workers, end_job and the collector record into.
RunnerMetrics& runner_metrics();

}  // namespace queue_runner::metrics
