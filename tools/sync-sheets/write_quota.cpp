#include "write_quota.hpp"

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "jobkit/digest.hpp"
#include "jobkit/random.hpp"

namespace sync_sheets {
namespace {

// One atomic step, on Redis' clock (every host's job sees the same time), in microseconds:
// drop the slots whose window has passed, then take a slot if the budget has one (returns
// 0) or return how many milliseconds until the oldest slot frees.
// KEYS[1] the slots; ARGV: budget, window in µs, in-flight hold in µs, the new slot's name.
constexpr const char* k_take_script = R"lua(
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  local held = now + tonumber(ARGV[3])
  redis.call('ZADD', KEYS[1], held, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil((held + window - now) / 1000))
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000))
)lua";

// KEYS[1] the slots; ARGV[1] the slot: it now counts from Redis' present moment.
constexpr const char* k_finish_script = R"lua(
local clock = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(clock[1]) * 1000000 + tonumber(clock[2]), ARGV[1])
return 0
)lua";

// A slot held by a request in flight frees only at the request timeout, but the request
// usually ends much sooner: a waiting job looks again at least this often.
constexpr std::chrono::milliseconds k_longest_nap{250};

}  // namespace

WriteQuota::WriteQuota(jobkit::RedisConnection& redis, const std::string& account, const std::string& api_url,
                       QuotaBudget budget, std::chrono::milliseconds in_flight)
    : m_redis(redis), m_key("sync-sheets:write-slots:" + jobkit::sha256_hex(account + "\n" + api_url).substr(0, 24)),
      m_budget(budget), m_in_flight(in_flight) {}

jobkit::Result<std::string> WriteQuota::take() {
  const std::string slot = jobkit::random_hex(16);
  const std::string writes = std::to_string(m_budget.writes);
  const std::string window_us = std::to_string(std::chrono::microseconds(m_budget.window).count());
  const std::string in_flight_us = std::to_string(std::chrono::microseconds(m_in_flight).count());
  bool told = false;
  for (;;) {
    auto reply = m_redis.command({"EVAL", k_take_script, "1", m_key, writes, window_us, in_flight_us, slot});
    if (!reply) return reply.error();
    const std::int64_t wait_ms = reply->value().is_integer() ? reply->value().integer() : 0;
    if (wait_ms <= 0) return slot;
    if (!told) {
      spdlog::info("the write budget of {} requests per {} s is spent; waiting for a slot", m_budget.writes,
                   m_budget.window.count());
      told = true;
    }
    const auto nap = std::min(std::chrono::milliseconds(wait_ms), k_longest_nap);
    std::this_thread::sleep_for(nap);
    m_waited_ms += nap.count();
  }
}

jobkit::Status WriteQuota::finished(const std::string& slot) {
  auto reply = m_redis.command({"EVAL", k_finish_script, "1", m_key, slot});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

}  // namespace sync_sheets
