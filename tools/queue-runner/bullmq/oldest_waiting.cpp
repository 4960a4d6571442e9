// A job's hash holds "timestamp" (when it was added) and "delay"; a delayed job becomes
// ready when both have passed.
#include "bullmq/oldest_waiting.hpp"

#include <charconv>

namespace bullmq {
namespace {

std::int64_t whole_number_or_zero(const jobkit::RedisValue& value) {
  if (!value.is_string()) return 0;
  const auto text = value.text();
  std::int64_t number = 0;
  // BullMQ may store the delay as a decimal text ("0"); a fraction is cut off.
  std::from_chars(text.data(), text.data() + text.size(), number);
  return number;
}

}  // namespace

jobkit::Result<std::optional<std::int64_t>> oldest_waiting_since_ms(jobkit::RedisConnection& redis,
                                                                     const QueueKeys& keys) {
  auto oldest = redis.command({"LINDEX", keys.key("wait"), "-1"});
  if (!oldest) return oldest.error();
  if (!oldest->value().is_string()) return std::optional<std::int64_t>{};
  const std::string id(oldest->value().text());
  auto fields = redis.command({"HMGET", keys.job_key(id), "timestamp", "delay"});
  if (!fields) return fields.error();
  const auto value = fields->value();
  // Taken or removed in between: count it as nothing waiting until the next reading.
  if (value.size() < 2 || !value.at(0).is_string()) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{whole_number_or_zero(value.at(0)) + whole_number_or_zero(value.at(1))};
}

}  // namespace bullmq
