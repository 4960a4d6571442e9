// One BullMQ queue's operations, each one of BullMQ's own scripts called with exactly the
// keys and arguments that bullmq 6.7.0's JavaScript (classes/scripts.js) builds, plus the
// few plain commands its Worker issues itself (the marker wait, the connection name).
// Connections are passed in, so that each thread uses its own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bullmq/job_record.hpp"
#include "bullmq/keys.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace bullmq {

struct WorkerIdentity {
  std::string name;  // empty: BullMQ's unnamed worker
  std::int64_t lock_duration_ms = 30000;
};

enum class FinishTarget { completed, failed };
enum class FetchNext { no, yes };

struct Finish {
  FinishTarget target = FinishTarget::completed;
  std::string value;          // returnvalue JSON text, or the raw failedReason
  nlohmann::json keep_jobs;   // {count, age?, limit?}
  std::int64_t attempts = 0;  // the job's attempts, for "retries-exhausted"
  nlohmann::json fields;      // extra hash fields, e.g. {"stacktrace": "[...]"}; null for none
  FetchNext fetch_next = FetchNext::no;
};

// The keepJobs object for removeOnComplete / removeOnFail as stored in opts.
nlohmann::json keep_jobs_from_option(const nlohmann::json& option);

struct NewJob {
  std::string name;
  std::string data = "{}";  // JSON text
  nlohmann::json opts = nlohmann::json::object();  // public option names, as Queue.add takes them
};

class Queue {
 public:
  explicit Queue(QueueKeys keys) : m_keys(std::move(keys)) {}
  Queue(std::string prefix, std::string name) : m_keys{std::move(prefix), std::move(name)} {}
  const QueueKeys& keys() const { return m_keys; }
  const std::string& name() const { return m_keys.name; }

  jobkit::Result<FetchResult> move_to_active(jobkit::RedisConnection& redis, const std::string& token,
                                             const WorkerIdentity& worker) const;
  // Errors: code "lock_lost" when the job's lock is not ours any more (another worker took
  // it after a stall), "job_missing", "not_active".
  jobkit::Result<FetchResult> move_to_finished(jobkit::RedisConnection& redis, const JobRecord& job,
                                               const std::string& token, const WorkerIdentity& worker,
                                               const Finish& finish) const;
  jobkit::Status move_to_delayed(jobkit::RedisConnection& redis, const JobRecord& job, const std::string& token,
                                 std::int64_t delay_ms, const nlohmann::json& fields) const;
  jobkit::Status retry_now(jobkit::RedisConnection& redis, const JobRecord& job, const std::string& token,
                           const nlohmann::json& fields) const;
  // Puts an active job back at the head of wait without counting an attempt.
  jobkit::Status move_back_to_wait(jobkit::RedisConnection& redis, const std::string& job_id,
                                   const std::string& token) const;
  // The ids whose lock could not be extended (lost to another worker).
  jobkit::Result<std::vector<std::string>> extend_locks(jobkit::RedisConnection& redis,
                                                        const std::vector<std::string>& job_ids,
                                                        const std::vector<std::string>& tokens,
                                                        std::int64_t lock_duration_ms) const;
  // The ids of stalled jobs moved back to wait.
  jobkit::Result<std::vector<std::string>> move_stalled_jobs_to_wait(jobkit::RedisConnection& redis,
                                                                     std::int64_t max_stalled_count,
                                                                     std::int64_t stalled_interval_ms) const;
  jobkit::Status update_progress(jobkit::RedisConnection& redis, const std::string& job_id,
                                 const std::string& progress_json) const;
  jobkit::Status add_log(jobkit::RedisConnection& redis, const JobRecord& job, const std::string& line) const;
  // Adds a job as Queue.add does; returns its id (the existing id for a duplicate jobId).
  jobkit::Result<std::string> add_job(jobkit::RedisConnection& redis, const NewJob& job) const;
  // The next iteration of an `every` job scheduler; nullopt when none was made.
  jobkit::Result<std::optional<std::string>> add_next_scheduler_iteration(jobkit::RedisConnection& redis,
                                                                          const JobRecord& job) const;
  // The next iteration of a cron `pattern` job scheduler, as bullmq 6.7.0's Worker adds it
  // (the same updateJobScheduler call, iteration id "repeat:<scheduler>:<next millis>", delay
  // and options); nullopt when none was made: the limit or endDate was reached, the pattern
  // has no further instant, or another worker already added it.
  jobkit::Result<std::optional<std::string>> add_next_pattern_iteration(jobkit::RedisConnection& redis,
                                                                        const JobRecord& job) const;
  // Removes a job as Job.remove does (refused while a worker holds its lock); true when it
  // was there and is gone.
  jobkit::Result<bool> remove_job(jobkit::RedisConnection& redis, const std::string& job_id) const;
  // Removes at most `limit` jobs of a finished set ("completed" or "failed") that finished at
  // or before `timestamp_ms`, as Queue.clean does (BullMQ's cleanJobsInSet script, which
  // spares the current iteration of a job scheduler); returns the removed ids.
  jobkit::Result<std::vector<std::string>> clean_jobs(jobkit::RedisConnection& redis, const std::string& state,
                                                      std::int64_t timestamp_ms, std::int64_t limit) const;
  // Counts for BullMQ's state names ("wait", "active", "completed", ...), in that order.
  jobkit::Result<std::vector<std::int64_t>> get_counts(jobkit::RedisConnection& redis,
                                                       const std::vector<std::string>& states) const;

  // The active job whose lock holds `token`, other than `except_id`: after a connection broke
  // while a script ran that takes a job (moveToActive, or moveToFinished fetching the next),
  // the job may have been taken without the reply arriving; this finds it so that it is run
  // now rather than after its lock expires and the stalled check returns it.
  jobkit::Result<std::optional<JobRecord>> find_active_job_locked_by(jobkit::RedisConnection& redis,
                                                                    const std::string& token,
                                                                    const std::string& except_id = {}) const;

  // The Worker's idle wait: blocks on the queue's marker for at most `seconds` (BullMQ wakes
  // a worker through it when a job is added or a delayed one is due). A timeout is no error.
  jobkit::Status wait_for_marker(jobkit::RedisConnection& redis, double seconds) const;
  // Names the connection as a Worker names its blocking one, so that Queue.getWorkers()
  // lists this process: "<prefix>:<base64 of the queue name>[:w:<worker name>]".
  jobkit::Status name_worker_connection(jobkit::RedisConnection& redis, const WorkerIdentity& worker) const;
  // The BullMQ release that last wrote the queue's meta ("bullmq:6.7.0" as stored, without
  // the "bullmq:" part); nullopt when no Node Queue has written it.
  jobkit::Result<std::optional<std::string>> stored_version(jobkit::RedisConnection& redis) const;

  // How many cron schedulers runners before this release could not continue (a counter they
  // kept beside the queue's keys); `queue-runner stats` still shows it.
  jobkit::Result<std::int64_t> skipped_cron_schedulers(jobkit::RedisConnection& redis) const;

 private:
  QueueKeys m_keys;
};

// Milliseconds since the epoch.
std::int64_t now_ms();

}  // namespace bullmq
