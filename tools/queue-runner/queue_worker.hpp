// One queue served by the runner: a fetcher that takes jobs with moveToActive and sleeps
// on BullMQ's marker when the queue is drained, `concurrency` slots that each run one tool
// at a time, and a keeper that renews locks and runs the stalled-job check.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bullmq/dead_letters.hpp"
#include "bullmq/queue.hpp"
#include "config.hpp"
#include "jobkit/redis_url.hpp"
#include "tool_fork_server.hpp"

namespace queue_runner {

class QueueWorker {
 public:
  QueueWorker(const RunnerConfig& runner, const QueueConfig& queue, jobkit::RedisEndpoint endpoint);
  ~QueueWorker();
  QueueWorker(const QueueWorker&) = delete;
  QueueWorker& operator=(const QueueWorker&) = delete;

  // Connects and starts the threads. Errors: as RedisConnection::connect.
  jobkit::Status start();
  // Stops taking jobs; running tools get until `deadline`, then are stopped and their
  // jobs returned to wait. Returns at once, without Redis (the fetcher's blocking wait is
  // cut at the socket); join() waits.
  void request_stop(std::chrono::steady_clock::time_point deadline);
  void join();

 private:
  struct PendingJob {
    bullmq::JobRecord job;
    std::string token;
  };

  // A lock the runner holds: its token and until when it is surely still valid (taken or
  // last renewed, plus the lock duration).
  struct HeldLock {
    std::string token;
    std::chrono::steady_clock::time_point valid_until;
  };

  void fetch_loop();
  void give_back_untaken_jobs(std::optional<jobkit::RedisConnection>& redis);
  void slot_loop(int slot);
  void keeper_loop();
  void renew_locks(jobkit::RedisConnection& redis);
  void wait_for_marker(jobkit::RedisConnection& blocking, std::int64_t next_delayed_ms);
  void set_blocking_connection(std::optional<jobkit::RedisConnection>& blocking,
                               std::optional<jobkit::RedisConnection> replacement);
  void hold_lock(const PendingJob& job);
  std::chrono::steady_clock::time_point lock_valid_until(const std::string& job_id);
  bool reconnect(std::optional<jobkit::RedisConnection>& redis, std::chrono::steady_clock::time_point deadline);
  bool stopping();
  std::string next_token();
  bool sleep_unless_stopping(std::chrono::milliseconds duration);
  bool shutdown_grace_over() const;
  jobkit::Result<jobkit::RedisConnection> connect() const;

  const RunnerConfig& m_runner;
  const QueueConfig& m_queue;
  jobkit::RedisEndpoint m_endpoint;
  bullmq::Queue m_bullmq;
  bullmq::DeadLetterQueue m_dead_letters;
  bullmq::WorkerIdentity m_worker;
  std::string m_worker_id;  // random, for lock tokens
  std::atomic<long long> m_token_counter{0};

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<PendingJob> m_pending;
  int m_idle_slots = 0;
  std::map<std::string, HeldLock> m_locks;  // by job id, of jobs being run
  // Cuts the fetcher's blocking wait short; set while its connection exists.
  std::optional<jobkit::RedisConnection::Interrupter> m_blocking_interrupter;
  bool m_stopping = false;
  std::atomic<long long> m_stop_deadline_ns{0};

  std::unique_ptr<ToolForkServer> m_fork_server;  // declared first: outlives the threads that use it
  std::vector<std::thread> m_threads;
};

}  // namespace queue_runner
