// What processing one job needs from its queue worker: the configuration, the queue, the
// worker's identity and the slot's own Redis connection.
#pragma once

#include <chrono>
#include <functional>

#include "bullmq/dead_letters.hpp"
#include "bullmq/queue.hpp"
#include "config.hpp"
#include "jobkit/redis_connection.hpp"

namespace queue_runner {

class ProcessForker;

struct JobContext {
  const RunnerConfig& runner;
  const QueueConfig& queue;
  const bullmq::Queue& bullmq;
  const bullmq::DeadLetterQueue& dead_letters;
  const bullmq::WorkerIdentity& worker;
  jobkit::RedisConnection& redis;
  std::function<bool()> should_stop;  // shutdown grace is over: stop the tool, return the job
  ProcessForker* fork_server = nullptr;  // the queue's fork server, when it has one
  // Whether finishing the job should take the next one in the same call, as BullMQ's Worker
  // does (false once the runner is stopping).
  std::function<bool()> fetch_next_job = [] { return false; };
  // Until when the job's lock is surely still ours: its last renewal plus the lock duration.
  std::function<std::chrono::steady_clock::time_point()> lock_valid_until = [] {
    return std::chrono::steady_clock::time_point{};
  };
  // Replaces `redis` with a new connection, trying until `deadline`; false when none could
  // be made by then.
  std::function<bool(std::chrono::steady_clock::time_point deadline)> reconnect = [](auto) { return false; };
};

}  // namespace queue_runner
