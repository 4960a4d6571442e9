// The Redis side of idempotency: one plain key per delivery, with a TTL so the log cleans
// itself up long after BullMQ has given up retrying.
#include "delivery_log.hpp"

#include <spdlog/spdlog.h>

#include "jobkit/whole_number.hpp"

namespace send_notification {

jobkit::Result<std::optional<DeliveryLog>> DeliveryLog::open(const jobkit::EnvironmentLookup& environment,
                                                             const std::string& key, Channel channel) {
  const auto url = environment("REDIS_URL");
  if (!url || url->empty()) {
    spdlog::warn("REDIS_URL is not set: a retried job could send its messages again");
    return std::optional<DeliveryLog>{};
  }
  if (key.empty()) {
    spdlog::warn("neither idempotency_key nor JOB_ID is set: a re-run could send its messages again");
    return std::optional<DeliveryLog>{};
  }
  std::int64_t ttl = k_default_idempotency_ttl_seconds;
  if (const auto text = environment("NOTIFICATION_IDEMPOTENCY_TTL_SECONDS")) {
    const auto parsed = jobkit::parse_whole_number<std::int64_t>(*text);
    if (!parsed || *parsed < 1) {
      return jobkit::JobError::make(jobkit::ExitCode::usage, "NOTIFICATION_IDEMPOTENCY_TTL_SECONDS must be a positive number");
    }
    ttl = *parsed;
  }
  auto connection = jobkit::RedisConnection::from_environment(environment);
  if (!connection) return connection.error();
  std::string prefix = "jobkit:notification:sent:" + key + ":" + std::string(channel_name(channel)) + ":";
  return std::optional<DeliveryLog>(DeliveryLog(std::move(connection.value()), std::move(prefix), ttl));
}

jobkit::Result<bool> DeliveryLog::already_delivered(const std::string& recipient_id) {
  auto reply = m_connection.command({"EXISTS", m_prefix + recipient_id});
  if (!reply) return reply.error();
  return reply->value().is_integer() && reply->value().integer() == 1;
}

jobkit::Status DeliveryLog::record_delivery(const std::string& recipient_id) {
  auto reply = m_connection.command({"SET", m_prefix + recipient_id, "1", "EX", std::to_string(m_ttl_seconds)});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

}  // namespace send_notification
