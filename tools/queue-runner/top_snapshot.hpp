// What `queue-runner top` shows: one reading of every configured queue (its counts, the wait
// of the job next in line, completions in the last minute, connected workers, dead letters),
// and that reading laid out as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace queue_runner {

// A queue as top watches it: its name, the slots one runner with this configuration gives
// it, and the dead-letter queue its failures go to.
struct WatchedQueue {
  std::string name;
  int slots = 1;
  std::string dead_letter_queue = "dead-letter";
};

struct QueueReading {
  std::string name;
  std::int64_t waiting = 0;  // wait + prioritized: ready, not yet taken
  std::int64_t active = 0;
  std::int64_t delayed = 0;
  std::int64_t failed = 0;
  std::int64_t completed_last_minute = 0;
  std::optional<std::int64_t> next_ready_for_ms;  // nullopt: nothing waiting
  std::int64_t dead_letters = 0;                   // this queue's entries in its dead-letter queue
  std::int64_t workers = 0;                        // connected workers (runners and Node workers)
  int slots = 1;
};

struct TopReading {
  std::int64_t taken_at_ms = 0;
  std::vector<QueueReading> queues;
};

// Costs six Redis calls per queue, one of them an LRANGE of its dead-letter queue's ids.
jobkit::Result<TopReading> read_top(jobkit::RedisConnection& redis, const std::string& prefix,
                                    const std::vector<WatchedQueue>& queues);

// The reading as a table: a header line, one line per queue, a line of slot totals.
std::vector<std::string> format_top(const TopReading& reading);

// "-" for nothing waiting, else "850ms", "12s", "4m05s", "3h12m", "2d04h".
std::string format_age(std::optional<std::int64_t> milliseconds);

}  // namespace queue_runner
