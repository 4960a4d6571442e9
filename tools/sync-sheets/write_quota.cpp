#include "write_quota.hpp"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include "jobkit/digest.hpp"

namespace sync_sheets {

WriteQuota::WriteQuota(jobkit::RedisConnection& redis, const std::string& account, std::int64_t per_minute)
    : m_redis(redis), m_key_prefix("sync-sheets:writes:" + jobkit::sha256_hex(account).substr(0, 16) + ":"),
      m_per_minute(per_minute) {}

jobkit::Status WriteQuota::take() {
  for (;;) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::int64_t minute = now / 60000;
    const std::string key = m_key_prefix + std::to_string(minute);
    auto counted = m_redis.command({"INCR", key});
    if (!counted) return counted.error();
    if (counted->value().integer() == 1) {
      if (auto expiry = m_redis.command({"EXPIRE", key, "120"}); !expiry) return expiry.error();
    }
    if (counted->value().integer() <= m_per_minute) return jobkit::Done{};
    const std::int64_t wait_ms = (minute + 1) * 60000 - now + 50;
    spdlog::info("the write budget of {} requests a minute is spent; waiting {:.1f} s", m_per_minute, wait_ms / 1000.0);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    m_waited_ms += wait_ms;
  }
}

}  // namespace sync_sheets
