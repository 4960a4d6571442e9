#include "top_snapshot.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "bullmq/dead_letters.hpp"
#include "bullmq/oldest_waiting.hpp"
#include "bullmq/queue.hpp"
#include "bullmq/queue_activity.hpp"

namespace queue_runner {
namespace {

// BullMQ's state names, in the order of QueueReading's counts.
const std::vector<std::string> k_top_states = {"wait", "prioritized", "active", "delayed", "failed"};

constexpr std::int64_t k_rate_window_ms = 60000;

jobkit::Result<QueueReading> read_queue(jobkit::RedisConnection& redis, const std::string& prefix,
                                        const WatchedQueue& watched, std::int64_t now) {
  const bullmq::Queue queue(prefix, watched.name);
  QueueReading reading{.name = watched.name, .slots = watched.slots};
  auto counts = queue.get_counts(redis, k_top_states);
  if (!counts) return counts.error();
  reading.waiting = counts->at(0) + counts->at(1);
  reading.active = counts->at(2);
  reading.delayed = counts->at(3);
  reading.failed = counts->at(4);
  auto completed = bullmq::completed_events_since(redis, queue.keys(), now - k_rate_window_ms);
  if (!completed) return completed.error();
  reading.completed_last_minute = completed.value();
  auto oldest = bullmq::oldest_waiting_since_ms(redis, queue.keys());
  if (!oldest) return oldest.error();
  if (oldest->has_value()) reading.next_ready_for_ms = std::max<std::int64_t>(0, now - oldest->value());
  auto workers = bullmq::connected_workers(redis, queue.keys());
  if (!workers) return workers.error();
  reading.workers = workers.value();
  const bullmq::QueueKeys dead_letter_keys{prefix, watched.dead_letter_queue};
  auto dead = bullmq::count_waiting_ids_starting_with(redis, dead_letter_keys,
                                                      bullmq::DeadLetterQueue::entry_id(watched.name, ""));
  if (!dead) return dead.error();
  reading.dead_letters = dead.value();
  return reading;
}

}  // namespace

jobkit::Result<TopReading> read_top(jobkit::RedisConnection& redis, const std::string& prefix,
                                    const std::vector<WatchedQueue>& queues) {
  TopReading reading{.taken_at_ms = bullmq::now_ms(), .queues = {}};
  for (const auto& watched : queues) {
    auto queue = read_queue(redis, prefix, watched, reading.taken_at_ms);
    if (!queue) return queue.error();
    reading.queues.push_back(std::move(queue.value()));
  }
  return reading;
}

std::string format_age(std::optional<std::int64_t> milliseconds) {
  if (!milliseconds) return "-";
  const std::int64_t ms = *milliseconds;
  if (ms < 1000) return fmt::format("{}ms", ms);
  const std::int64_t s = ms / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d{:02}h", s / 86400, s % 86400 / 3600);
}

std::vector<std::string> format_top(const TopReading& reading) {
  constexpr auto k_row = "{:<20} {:>8} {:>7} {:>8} {:>7} {:>8} {:>9} {:>6} {:>8} {:>7}";
  std::vector<std::string> lines;
  lines.push_back(fmt::format(k_row, "queue", "waiting", "active", "delayed", "failed", "done/min", "oldest", "dead",
                              "workers", "slots"));
  std::int64_t busy = 0;
  std::int64_t slots = 0;
  for (const auto& queue : reading.queues) {
    lines.push_back(fmt::format(k_row, queue.name, queue.waiting, queue.active, queue.delayed, queue.failed,
                                queue.completed_last_minute, format_age(queue.next_ready_for_ms), queue.dead_letters,
                                queue.workers, fmt::format("{}/{}", queue.active, queue.slots)));
    busy += queue.active;
    slots += queue.slots;
  }
  lines.push_back(fmt::format("slots: {} busy of {} per runner with this configuration", busy, slots));
  return lines;
}

}  // namespace queue_runner
