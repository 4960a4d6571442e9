// Metric names follow Prometheus's conventions: a queue_runner_ prefix, base units
// (seconds, bytes) in the name, _total on counters.
#include "metrics/runner_metrics.hpp"

#include <charconv>
#include <chrono>

#include "jobkit/exit_code.hpp"

namespace queue_runner::metrics {
namespace {

const std::vector<double> k_duration_bounds = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
const std::vector<double> k_cpu_bounds = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
const std::vector<double> k_rss_bounds = {8.0 * (1 << 20),   16.0 * (1 << 20),  32.0 * (1 << 20),  64.0 * (1 << 20),
                                          128.0 * (1 << 20), 256.0 * (1 << 20), 512.0 * (1 << 20), 1024.0 * (1 << 20),
                                          2048.0 * (1 << 20), 4096.0 * (1 << 20)};

std::string exit_class_of_code(int code) {
  switch (code) {
    case 0: case 64: case 65: case 66: case 69: case 74: case 75: case 77: case 78:
      return std::string(jobkit::exit_code_name(static_cast<jobkit::ExitCode>(code)));
    default:
      return "other_exit";
  }
}

}  // namespace

std::string exit_class_of(const ToolOutcome& outcome) {
  switch (outcome.end) {
    case ToolEnd::exited: return exit_class_of_code(outcome.exit_code);
    case ToolEnd::signalled: return "signal";
    case ToolEnd::timed_out: return "timeout";
    case ToolEnd::output_too_large: return "output_too_large";
    case ToolEnd::stopped: return "stopped";
    case ToolEnd::not_started: return "not_started";
  }
  return "other_exit";
}

std::optional<std::int64_t> scheduled_run_ms(const std::string& job_id) {
  if (job_id.rfind("repeat:", 0) != 0) return std::nullopt;
  const auto colon = job_id.rfind(':');
  std::int64_t due = 0;
  const char* last = job_id.data() + job_id.size();
  const auto [end, error] = std::from_chars(job_id.data() + colon + 1, last, due);
  if (error != std::errc{} || end != last || colon + 1 == job_id.size()) return std::nullopt;
  return due;
}

std::string outcome_label(JobOutcome outcome) {
  switch (outcome) {
    case JobOutcome::completed: return "completed";
    case JobOutcome::retried: return "retried";
    case JobOutcome::failed: return "failed";
    case JobOutcome::returned_to_wait: return "returned_to_wait";
    case JobOutcome::lock_lost: return "lock_lost";
    case JobOutcome::error: return "error";
  }
  return "error";
}

RunnerMetrics::RunnerMetrics() = default;

RunnerMetrics::QueueCounters& RunnerMetrics::counters_of(const std::string& queue) {
  auto found = m_queues.find(queue);
  if (found == m_queues.end()) {
    QueueCounters fresh;
    fresh.duration = Histogram(&k_duration_bounds);
    fresh.cpu = Histogram(&k_cpu_bounds);
    fresh.rss = Histogram(&k_rss_bounds);
    found = m_queues.emplace(queue, std::move(fresh)).first;
  }
  return found->second;
}

void RunnerMetrics::add_slots(const std::string& queue, int slots) {
  std::lock_guard lock(m_mutex);
  counters_of(queue).slots += slots;
}

void RunnerMetrics::slot_busy(const std::string& queue, bool busy) {
  std::lock_guard lock(m_mutex);
  counters_of(queue).busy += busy ? 1 : -1;
}

void RunnerMetrics::job_ended(const std::string& queue, JobOutcome outcome, const ToolOutcome& tool) {
  std::lock_guard lock(m_mutex);
  ++m_jobs[{queue, outcome_label(outcome), exit_class_of(tool)}];
  auto& counters = counters_of(queue);
  if (tool.end == ToolEnd::not_started) return;  // no process ran: nothing to time or measure
  counters.duration.observe(std::chrono::duration<double>(tool.run_time).count());
  if (tool.usage) {
    counters.cpu.observe(tool.usage->cpu_seconds);
    counters.rss.observe(static_cast<double>(tool.usage->peak_rss_bytes));
  }
}

void RunnerMetrics::dead_letter_written(const std::string& queue) {
  std::lock_guard lock(m_mutex);
  ++counters_of(queue).dead_letters;
}

void RunnerMetrics::redis_error() {
  std::lock_guard lock(m_mutex);
  ++m_redis_errors;
}

void RunnerMetrics::redis_reconnected() {
  std::lock_guard lock(m_mutex);
  ++m_redis_reconnects;
}

void RunnerMetrics::alert_sent() {
  std::lock_guard lock(m_mutex);
  ++m_alerts_sent;
}

void RunnerMetrics::alert_not_sent() {
  std::lock_guard lock(m_mutex);
  ++m_alerts_not_sent;
}

void RunnerMetrics::stalled_jobs_recovered(const std::string& queue, std::size_t count) {
  std::lock_guard lock(m_mutex);
  counters_of(queue).stalled_recovered += count;
}

void RunnerMetrics::scheduled_job_started(const std::string& queue, double lag_seconds) {
  std::lock_guard lock(m_mutex);
  counters_of(queue).scheduler_lag = lag_seconds;
}

void RunnerMetrics::store_depths(DepthReading reading) {
  std::lock_guard lock(m_mutex);
  if (!reading.redis_up) {
    // Keep the last counts: a gap in Redis is not an empty queue.
    m_depths.redis_up = false;
    return;
  }
  m_depths = std::move(reading);
}

bool RunnerMetrics::redis_up() const {
  std::lock_guard lock(m_mutex);
  return m_depths.redis_up;
}

void RunnerMetrics::render_job_metrics(PrometheusText& out) const {
  out.family("queue_runner_jobs_total", "counter", "Jobs this runner finished, by queue, outcome and how the tool ended.");
  for (const auto& [key, count] : m_jobs) {
    const auto& [queue, outcome, exit_class] = key;
    out.sample("queue_runner_jobs_total", {{"queue", queue}, {"outcome", outcome}, {"exit_class", exit_class}},
               static_cast<double>(count));
  }
  out.family("queue_runner_job_duration_seconds", "histogram", "Run time of each job's tool process.");
  for (const auto& [queue, counters] : m_queues) {
    out.histogram("queue_runner_job_duration_seconds", {{"queue", queue}}, counters.duration);
  }
  out.family("queue_runner_job_cpu_seconds", "histogram",
             "User plus system CPU time of each job's tool process (wait4), for tools the runner forks itself.");
  for (const auto& [queue, counters] : m_queues) out.histogram("queue_runner_job_cpu_seconds", {{"queue", queue}}, counters.cpu);
  out.family("queue_runner_job_peak_rss_bytes", "histogram",
             "Peak resident set size of each job's tool process (wait4), for tools the runner forks itself.");
  for (const auto& [queue, counters] : m_queues) out.histogram("queue_runner_job_peak_rss_bytes", {{"queue", queue}}, counters.rss);
  out.family("queue_runner_dead_letters_total", "counter", "Dead letters this runner wrote, by the queue the job failed in.");
  for (const auto& [queue, counters] : m_queues) {
    out.sample("queue_runner_dead_letters_total", {{"queue", queue}}, static_cast<double>(counters.dead_letters));
  }
  out.family("queue_runner_stalled_jobs_recovered_total", "counter", "Stalled jobs this runner's check moved back to wait.");
  for (const auto& [queue, counters] : m_queues) {
    out.sample("queue_runner_stalled_jobs_recovered_total", {{"queue", queue}}, static_cast<double>(counters.stalled_recovered));
  }
  out.family("queue_runner_scheduler_lag_seconds", "gauge",
             "How long after it was due the latest job-scheduler iteration this runner started began.");
  for (const auto& [queue, counters] : m_queues) {
    if (counters.scheduler_lag) out.sample("queue_runner_scheduler_lag_seconds", {{"queue", queue}}, *counters.scheduler_lag);
  }
  out.family("queue_runner_slots", "gauge", "Slots (concurrent tool processes) this runner has for the queue.");
  for (const auto& [queue, counters] : m_queues) out.sample("queue_runner_slots", {{"queue", queue}}, counters.slots);
  out.family("queue_runner_slots_busy", "gauge", "Slots running a job now.");
  for (const auto& [queue, counters] : m_queues) out.sample("queue_runner_slots_busy", {{"queue", queue}}, counters.busy);
  out.family("queue_runner_redis_errors_total", "counter", "Redis commands that failed.");
  out.sample("queue_runner_redis_errors_total", {}, static_cast<double>(m_redis_errors));
  out.family("queue_runner_redis_reconnects_total", "counter", "New Redis connections made after one broke.");
  out.sample("queue_runner_redis_reconnects_total", {}, static_cast<double>(m_redis_reconnects));
  out.family("queue_runner_alerts_sent_total", "counter", "Alert messages the webhook accepted.");
  out.sample("queue_runner_alerts_sent_total", {}, static_cast<double>(m_alerts_sent));
  out.family("queue_runner_alerts_not_sent_total", "counter",
             "Alert messages that failed, were dropped, or were held back by the rate limit.");
  out.sample("queue_runner_alerts_not_sent_total", {}, static_cast<double>(m_alerts_not_sent));
}

void RunnerMetrics::render_depth_metrics(PrometheusText& out) const {
  out.family("queue_runner_redis_up", "gauge", "1 when the last queue-depth collection reached Redis, else 0.");
  out.sample("queue_runner_redis_up", {}, m_depths.redis_up ? 1 : 0);
  out.family("queue_runner_queue_jobs", "gauge", "Jobs in the queue by BullMQ state, from BullMQ's getCounts script.");
  for (const auto& depth : m_depths.queues) {
    for (const auto& [state, count] : depth.states) {
      out.sample("queue_runner_queue_jobs", {{"queue", depth.queue}, {"state", state}}, static_cast<double>(count));
    }
  }
  out.family("queue_runner_queue_oldest_waiting_seconds", "gauge",
             "Age of the oldest job waiting in the queue; 0 when none waits.");
  for (const auto& depth : m_depths.queues) {
    out.sample("queue_runner_queue_oldest_waiting_seconds", {{"queue", depth.queue}},
               depth.oldest_waiting_seconds.value_or(0));
  }
  out.family("queue_runner_depth_collected_timestamp_seconds", "gauge", "When the queue depths were last read (Unix time).");
  out.sample("queue_runner_depth_collected_timestamp_seconds", {}, m_depths.collected_at_seconds);
  out.family("queue_runner_depth_collection_seconds", "gauge", "How long the last queue-depth collection took.");
  out.sample("queue_runner_depth_collection_seconds", {}, m_depths.collection_seconds);
}

std::string RunnerMetrics::exposition() const {
  PrometheusText out;
  std::lock_guard lock(m_mutex);
  render_job_metrics(out);
  render_depth_metrics(out);
  return out.text();
}

RunnerMetrics& runner_metrics() {
  static RunnerMetrics metrics;
  return metrics;
}

}  // namespace queue_runner::metrics
