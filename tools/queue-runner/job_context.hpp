// What processing one job needs from its queue worker: the configuration, the queue, the
// worker's identity and the slot's own Redis connection.
#pragma once

#include <functional>

#include "bullmq/dead_letters.hpp"
#include "bullmq/queue.hpp"
#include "config.hpp"
#include "jobkit/redis_connection.hpp"

namespace queue_runner {

class ToolForkServer;

struct JobContext {
  const RunnerConfig& runner;
  const QueueConfig& queue;
  const bullmq::Queue& bullmq;
  const bullmq::DeadLetterQueue& dead_letters;
  const bullmq::WorkerIdentity& worker;
  jobkit::RedisConnection& redis;
  std::function<bool()> should_stop;  // shutdown grace is over: stop the tool, return the job
  ToolForkServer* fork_server = nullptr;  // the queue's, when it has one
};

}  // namespace queue_runner
