// Google allows 60 write requests per minute per user, and with one service account every
// job is the same user: the budget is counted in Redis per account and clock minute, so
// concurrent jobs share it, and a job that finds it spent waits for the next minute
// instead of collecting 429s.
#pragma once

#include <cstdint>
#include <string>

#include "jobkit/redis_connection.hpp"

namespace sync_sheets {

inline constexpr std::int64_t k_default_writes_per_minute = 60;

class WriteQuota {
 public:
  WriteQuota(jobkit::RedisConnection& redis, const std::string& account, std::int64_t per_minute);

  // Takes one write from the current minute's budget, first waiting for the next minute
  // while this one's is spent. Errors: Redis' own.
  jobkit::Status take();
  // Seconds spent waiting for the budget, for the result.
  double waited_seconds() const { return m_waited_ms / 1000.0; }

 private:
  jobkit::RedisConnection& m_redis;
  std::string m_key_prefix;
  std::int64_t m_per_minute;
  std::int64_t m_waited_ms = 0;
};

}  // namespace sync_sheets
