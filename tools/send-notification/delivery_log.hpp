// Never twice: a Redis key per delivered (idempotency key, channel, recipient), written
// right after the provider accepted the message and checked before each send, so that a
// retried job skips what already went out. The window between "accepted" and "recorded"
// is the only place a crash can still cause a duplicate.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"
#include "job.hpp"

namespace send_notification {

inline constexpr std::int64_t k_default_idempotency_ttl_seconds = 7 * 24 * 3600;

class DeliveryLog {
 public:
  // key: the job's idempotency_key, else its JOB_ID (from the tool context). nullopt
  // (nothing recorded) when REDIS_URL is unset or key is empty. TTL from
  // NOTIFICATION_IDEMPOTENCY_TTL_SECONDS.
  // Errors: usage (64) for a bad REDIS_URL or TTL; temporary (75) / unavailable (69) when
  // Redis cannot be reached or refuses the credentials.
  static jobkit::Result<std::optional<DeliveryLog>> open(const jobkit::EnvironmentLookup& environment,
                                                         const std::string& key, Channel channel);

  // Errors: temporary (75) when Redis fails.
  jobkit::Result<bool> already_delivered(const std::string& recipient_id);
  jobkit::Status record_delivery(const std::string& recipient_id);

 private:
  DeliveryLog(jobkit::RedisConnection connection, std::string prefix, std::int64_t ttl_seconds)
      : m_connection(std::move(connection)), m_prefix(std::move(prefix)), m_ttl_seconds(ttl_seconds) {}

  jobkit::RedisConnection m_connection;
  std::string m_prefix;  // "jobkit:notification:sent:<key>:<channel>:"
  std::int64_t m_ttl_seconds;
};

}  // namespace send_notification
