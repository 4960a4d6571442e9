// A mistyped number is an error, never silently the default.
#include "notification_settings.hpp"

#include "jobkit/redis_url.hpp"
#include "jobkit/whole_number.hpp"

namespace send_notification {
namespace {

template <typename Number>
jobkit::Result<Number> positive_setting(const jobkit::EnvironmentLookup& environment, const char* name,
                                        const char* what, Number fallback) {
  const auto text = environment(name);
  if (!text) return fallback;
  const auto parsed = jobkit::parse_whole_number<Number>(*text);
  if (!parsed || *parsed < 1) {
    auto error = jobkit::JobError::make(jobkit::ExitCode::usage, std::string(name) + " must be a positive number of " + what);
    error.field = "env:" + std::string(name);
    return error;
  }
  return *parsed;
}

}  // namespace

jobkit::Result<NotificationSettings> read_notification_settings(const jobkit::EnvironmentLookup& environment) {
  NotificationSettings settings;
  const auto max_bytes = positive_setting<std::uintmax_t>(environment, "NOTIFICATION_MAX_ATTACHMENT_BYTES", "bytes",
                                                          k_default_max_attachment_bytes);
  if (!max_bytes) return max_bytes.error();
  settings.max_attachment_bytes = max_bytes.value();
  const auto ttl = positive_setting<std::int64_t>(environment, "NOTIFICATION_IDEMPOTENCY_TTL_SECONDS", "seconds",
                                                  k_default_idempotency_ttl_seconds);
  if (!ttl) return ttl.error();
  settings.idempotency_ttl_seconds = ttl.value();
  if (const auto url = environment("REDIS_URL"); url && !url->empty()) {
    if (auto endpoint = jobkit::parse_redis_url(*url); !endpoint) return endpoint.error();
  }
  return settings;
}

}  // namespace send_notification
