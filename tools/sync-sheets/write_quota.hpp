// Google allows 60 write requests per minute per user, and with one service account every
// job is the same user: each write holds a slot in a Redis sorted set per account and API
// endpoint, so concurrent jobs (on any host) share the budget, and a job that finds it
// spent waits for a slot instead of collecting 429s. The window slides (any 60 s, not clock
// minutes), and a slot counts until one window after its request was answered; while the
// request is in flight the slot is held until the request timeout, so that a write Google
// receives late is never counted as gone. A job killed mid-request thus holds its slot for
// the request timeout plus one window at most.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "jobkit/redis_connection.hpp"

namespace sync_sheets {

inline constexpr std::int64_t k_default_writes_per_minute = 60;

struct QuotaBudget {
  std::int64_t writes = k_default_writes_per_minute;  // per window
  std::chrono::seconds window{60};
};

class WriteQuota {
 public:
  // api_url: the Sheets API the writes go to (another endpoint has its own budget);
  // in_flight: how long a request may take at most (its timeout).
  WriteQuota(jobkit::RedisConnection& redis, const std::string& account, const std::string& api_url, QuotaBudget budget,
             std::chrono::milliseconds in_flight);

  // Takes a slot of the budget, first waiting while it is spent; returns the slot's name
  // for finished(). Errors: Redis' own.
  jobkit::Result<std::string> take();
  // The slot's request was answered (or failed): it counts from now on for one window.
  jobkit::Status finished(const std::string& slot);
  // Seconds spent waiting for the budget, for the result.
  double waited_seconds() const { return m_waited_ms / 1000.0; }

 private:
  jobkit::RedisConnection& m_redis;
  std::string m_key;
  QuotaBudget m_budget;
  std::chrono::milliseconds m_in_flight;
  std::int64_t m_waited_ms = 0;
};

}  // namespace sync_sheets
