// Processing one job taken from a queue: run its tool, then complete, retry or fail it the
// way BullMQ's Worker would, add its follow-up jobs and its dead-letter entry.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "bullmq_queue.hpp"
#include "config.hpp"
#include "job_record.hpp"
#include "jobkit/redis_connection.hpp"
#include "tool_fork_server.hpp"
#include "tool_process.hpp"

namespace queue_runner {

enum class JobOutcome { completed, retried, failed, returned_to_wait, lock_lost, error };

struct JobContext {
  const RunnerConfig& runner;
  const QueueConfig& queue;
  const BullmqQueue& bullmq;
  const WorkerIdentity& worker;
  jobkit::RedisConnection& redis;
  std::function<bool()> should_stop;  // shutdown grace is over: stop the tool, return the job
  ToolForkServer* fork_server = nullptr;  // the queue's, when it has one
};

// The environment every tool of the queue starts from: the runner's, with the queue's "env"
// over it (a job's adds the JOB_* variables).
std::vector<std::string> queue_environment(const QueueConfig& queue);

JobOutcome process_job(const JobContext& context, const JobRecord& job, const std::string& token);

// The outcome of a tool run as BullMQ sees it; pure, for tests.
struct ToolVerdict {
  bool success = false;
  bool permanent = false;      // 64, 65, 66, 77: no further attempts
  std::string value;           // returnvalue JSON (success) or failedReason
  nlohmann::json result;       // the parsed result on success
};
ToolVerdict judge_tool_outcome(const ToolOutcome& outcome, const ToolLimits& limits);

}  // namespace queue_runner
