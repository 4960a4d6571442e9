// A failed reading marks Redis down and drops the connection; the next round connects again.
#include "metrics/depth_collector.hpp"

#include <spdlog/spdlog.h>

#include "bullmq/oldest_waiting.hpp"
#include "bullmq/queue.hpp"

namespace queue_runner::metrics {
namespace {

// Short, so that a Redis that stopped answering shows as down within a few seconds.
constexpr jobkit::RedisTimeouts k_collector_timeouts{std::chrono::milliseconds(2000), std::chrono::milliseconds(2000)};

double unix_seconds_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

const std::vector<std::string>& reported_states() {
  static const std::vector<std::string> states = {"wait",   "active",    "delayed", "prioritized",
                                                  "paused", "completed", "failed",  "waiting-children"};
  return states;
}

DepthCollector::DepthCollector(std::string prefix, std::vector<std::string> queues, jobkit::RedisEndpoint endpoint,
                               std::chrono::milliseconds interval, ReadingListener on_reading)
    : m_prefix(std::move(prefix)),
      m_queues(std::move(queues)),
      m_endpoint(std::move(endpoint)),
      m_interval(interval),
      m_on_reading(std::move(on_reading)) {
  m_thread = std::thread([this] { loop(); });
}

DepthCollector::~DepthCollector() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

DepthReading DepthCollector::collect() {
  DepthReading reading;
  if (!m_redis || m_redis->broken()) {
    auto connected = jobkit::RedisConnection::connect(m_endpoint, k_collector_timeouts);
    if (!connected) {
      runner_metrics().redis_error();
      m_redis.reset();
      return reading;
    }
    if (m_had_connection) runner_metrics().redis_reconnected();
    m_had_connection = true;
    m_redis.emplace(std::move(connected.value()));
  }
  const auto started = std::chrono::steady_clock::now();
  const std::int64_t now_ms = bullmq::now_ms();
  for (const auto& name : m_queues) {
    const bullmq::Queue queue(m_prefix, name);
    auto counts = queue.get_counts(*m_redis, reported_states());
    auto oldest = counts ? bullmq::oldest_waiting_since_ms(*m_redis, queue.keys())
                         : jobkit::Result<std::optional<std::int64_t>>(counts.error());
    if (!oldest) {
      spdlog::warn("metrics: cannot read the depth of queue {}: {}", name, oldest.error().message);
      runner_metrics().redis_error();
      m_redis.reset();
      return DepthReading{};
    }
    QueueDepth depth{name, {}, std::nullopt};
    for (std::size_t i = 0; i < reported_states().size() && i < counts->size(); ++i) {
      depth.states.emplace_back(reported_states()[i], counts.value()[i]);
    }
    if (oldest.value()) depth.oldest_waiting_seconds = std::max<double>(0, static_cast<double>(now_ms - *oldest.value()) / 1000.0);
    reading.queues.push_back(std::move(depth));
  }
  reading.redis_up = true;
  reading.collected_at_seconds = unix_seconds_now();
  reading.collection_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return reading;
}

void DepthCollector::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    lock.unlock();
    DepthReading reading = collect();
    runner_metrics().store_depths(reading);
    if (m_on_reading) m_on_reading(reading);
    lock.lock();
    m_wake.wait_for(lock, m_interval, [this] { return m_stopping; });
  }
}

}  // namespace queue_runner::metrics
