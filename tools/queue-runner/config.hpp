// The runner's configuration file: which queues it serves, the tool each runs, limits,
// retry defaults and dead-letter queues. JSON with comments.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "alerts/alerts_config.hpp"
#include "bullmq/keys.hpp"
#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/json_fields.hpp"
#include "schedule_config.hpp"
#include "metrics/metrics_config.hpp"

namespace queue_runner {

// What to do with a queue whose program does not exist: refuse the config (check, run),
// leave the queue out (run --skip-missing-tools), or keep it as written (commands that only
// read or write Redis, such as stats and dlq, which need the queue names, not the tools).
enum class MissingPrograms { refuse, skip, ignore };

struct QueueConfig {
  std::string name;
  std::string missing_program;  // set (and the queue left out) under MissingPrograms::skip
  std::vector<std::string> command;  // argv; argv[0] resolved to an absolute path
  std::map<std::string, std::vector<std::string>> job_commands;  // job name -> argv
  int concurrency = 1;
  std::int64_t timeout_ms = 600000;
  std::int64_t kill_grace_ms = 5000;
  std::int64_t memory_mb = 0;    // RLIMIT_AS; 0 = unlimited
  std::int64_t cpu_seconds = 0;  // RLIMIT_CPU; 0 = unlimited
  std::int64_t max_output_bytes = 1024 * 1024;
  std::int64_t max_log_lines = 200;  // stderr lines copied into the job's log
  std::map<std::string, std::string> environment;
  std::int64_t default_attempts = 1;             // when the job's opts have none
  std::optional<nlohmann::json> default_backoff;  // BullMQ's {type, delay, jitter}
  std::string dead_letter_queue = "dead-letter";
  // Make each job's process by forking a preloaded copy of the tool (TOOL --fork-server)
  // instead of exec: saves the dynamic loading, several ms a job for render-pdf.
  bool fork_server = false;

  // The argv for a job of that name.
  const std::vector<std::string>& command_for(const std::string& job_name) const;
};

// A queue left out because its program is missing (MissingPrograms::skip).
struct SkippedQueue {
  std::string queue;
  std::string program;
};

struct RunnerConfig {
  std::string redis_url;
  std::string prefix = bullmq::k_default_prefix;
  std::string worker_name;
  std::int64_t shutdown_grace_ms = 25000;
  std::int64_t lock_duration_ms = 30000;
  std::int64_t stalled_interval_ms = 30000;
  std::int64_t max_stalled_count = 1;
  std::int64_t drain_delay_ms = 5000;
  std::vector<QueueConfig> queues;
  std::vector<SkippedQueue> skipped;
  std::vector<ScheduleConfig> schedules;  // upserted at start-up (schedule_sync.hpp)
  metrics::MetricsConfig metrics;  // /metrics and /healthz
  alerts::AlertsConfig alerts;     // webhook and on_dead
};

// Reads and checks a configuration file. Errors: config (78) listing every problem with its
// JSON Pointer; a command whose program does not exist is one of them.
jobkit::Result<RunnerConfig> read_runner_config(const std::filesystem::path& path,
                                                const jobkit::EnvironmentLookup& environment,
                                                MissingPrograms missing = MissingPrograms::refuse);

// Same, from the text of a configuration; relative program names are looked up beside the
// queue-runner binary, then in PATH.
jobkit::Result<RunnerConfig> parse_runner_config(std::string_view text, const jobkit::EnvironmentLookup& environment,
                                                 MissingPrograms missing = MissingPrograms::refuse);


// A retry backoff as BullMQ takes it: milliseconds (fixed) or {type, delay, jitter?}.
std::optional<nlohmann::json> read_backoff(const jobkit::JsonField& field);

// The runner's Redis URL is configuration: a database index the server does not have is a
// mistake in it (78), not a usage error as for a tool. Other errors pass unchanged.
jobkit::JobError as_configuration_error(jobkit::JobError error);

}  // namespace queue_runner
