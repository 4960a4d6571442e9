// The Redis side of idempotency: one plain key per recipient, holding this run's claim
// ("claim:<token>") while it sends and "1" once delivered (what records written before
// claims existed hold too), with a TTL so the log cleans itself up long after BullMQ has
// given up retrying.
#include "delivery_log.hpp"

#include <spdlog/spdlog.h>

#include "jobkit/random.hpp"

namespace send_notification {
namespace {

constexpr std::string_view k_claim_prefix = "claim:";
constexpr std::string_view k_delivered_value = "1";

// Deletes KEYS[1] only while it still holds this run's claim, in one step: a claim that
// expired and was taken by another run in between must survive.
constexpr std::string_view k_release_script =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

}  // namespace

DeliveryLog::DeliveryLog(jobkit::RedisConnection connection, std::string prefix, std::int64_t ttl_seconds)
    : m_connection(std::move(connection)),
      m_prefix(std::move(prefix)),
      m_ttl_seconds(ttl_seconds),
      m_claim_value(std::string(k_claim_prefix) + jobkit::random_hex(32)) {}

jobkit::Result<std::optional<DeliveryLog>> DeliveryLog::open(const jobkit::EnvironmentLookup& environment,
                                                             const std::string& key, Channel channel,
                                                             std::int64_t ttl_seconds) {
  const auto url = environment("REDIS_URL");
  if (!url || url->empty()) {
    spdlog::warn("REDIS_URL is not set: a retried job could send its messages again");
    return std::optional<DeliveryLog>{};
  }
  if (key.empty()) {
    spdlog::warn("neither idempotency_key nor JOB_ID is set: a re-run could send its messages again");
    return std::optional<DeliveryLog>{};
  }
  auto connection = jobkit::RedisConnection::from_environment(environment);
  if (!connection) return connection.error();
  std::string prefix = "jobkit:notification:sent:" + key + ":" + std::string(channel_name(channel)) + ":";
  return std::optional<DeliveryLog>(DeliveryLog(std::move(connection.value()), std::move(prefix), ttl_seconds));
}

jobkit::Result<Claim> DeliveryLog::claim(const std::string& recipient_id) {
  const auto key = m_prefix + recipient_id;
  const auto claim_seconds = std::to_string(k_claim_seconds);
  // A key that expires between the refused SET and the GET is simply claimed again.
  for (int tries = 0; tries < 3; ++tries) {
    auto claimed = m_connection.command({"SET", key, m_claim_value, "NX", "EX", claim_seconds});
    if (!claimed) return claimed.error();
    if (!claimed->value().is_nil()) return Claim{ClaimState::claimed};
    auto current = m_connection.command({"GET", key});
    if (!current) return current.error();
    if (current->value().is_nil()) continue;
    if (!current->value().text().starts_with(k_claim_prefix)) return Claim{ClaimState::delivered};
    auto ttl = m_connection.command({"TTL", key});
    if (!ttl) return ttl.error();
    const auto seconds = ttl->value().is_integer() ? ttl->value().integer() : -1;
    return Claim{ClaimState::claimed_elsewhere, seconds > 0 ? seconds : -1};
  }
  return Claim{ClaimState::claimed_elsewhere};
}

jobkit::Status DeliveryLog::record_delivery(const std::string& recipient_id) {
  // Unconditional: the message went out, whoever holds the key by now.
  auto reply = m_connection.command(
      {"SET", m_prefix + recipient_id, k_delivered_value, "EX", std::to_string(m_ttl_seconds)});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

jobkit::Status DeliveryLog::release(const std::string& recipient_id) {
  auto reply = m_connection.command({"EVAL", k_release_script, "1", m_prefix + recipient_id, m_claim_value});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

}  // namespace send_notification
