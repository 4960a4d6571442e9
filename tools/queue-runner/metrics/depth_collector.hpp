// Reads every reported queue's depth in a thread of its own, on its own Redis connection,
// once per interval: BullMQ's getCounts script and the oldest waiting job, three commands a
// queue. A scrape only reads the stored result, so it neither waits on Redis nor adds load
// to it however often Prometheus asks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "jobkit/redis_connection.hpp"
#include "jobkit/redis_url.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner::metrics {

class DepthCollector {
 public:
  using ReadingListener = std::function<void(const DepthReading&)>;

  // `on_reading` gets each reading (after it is stored in runner_metrics()), in the
  // collector's thread.
  DepthCollector(std::string prefix, std::vector<std::string> queues, jobkit::RedisEndpoint endpoint,
                 std::chrono::milliseconds interval, ReadingListener on_reading);
  ~DepthCollector();
  DepthCollector(const DepthCollector&) = delete;
  DepthCollector& operator=(const DepthCollector&) = delete;

 private:
  void loop();
  DepthReading collect();

  std::string m_prefix;
  std::vector<std::string> m_queues;
  jobkit::RedisEndpoint m_endpoint;
  std::chrono::milliseconds m_interval;
  ReadingListener m_on_reading;
  std::optional<jobkit::RedisConnection> m_redis;
  bool m_had_connection = false;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread;
};

// The states /metrics reports, in getCounts's names.
const std::vector<std::string>& reported_states();

}  // namespace queue_runner::metrics
