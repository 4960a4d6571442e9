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
  // jobs returned to wait. Returns at once; join() waits.
  void request_stop(std::chrono::steady_clock::time_point deadline);
  void join();
  // The Redis client id of the connection blocked on the marker (for CLIENT UNBLOCK).
  long long blocking_client_id() const { return m_blocking_client_id; }

 private:
  struct PendingJob {
    bullmq::JobRecord job;
    std::string token;
  };

  void fetch_loop();
  void slot_loop(int slot);
  void keeper_loop();
  void wait_for_marker(jobkit::RedisConnection& blocking, std::int64_t next_delayed_ms);
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
  std::atomic<long long> m_blocking_client_id{-1};

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<PendingJob> m_pending;
  int m_idle_slots = 0;
  std::map<std::string, std::string> m_locks;  // job id -> token, of jobs being run
  bool m_stopping = false;
  std::atomic<long long> m_stop_deadline_ns{0};

  std::unique_ptr<ToolForkServer> m_fork_server;  // declared first: outlives the threads that use it
  std::vector<std::thread> m_threads;
};

}  // namespace queue_runner
