// The operator's settings every send-notification job shares, read and checked when the job
// starts, whatever the job holds: a mistyped limit fails the first job (64), not the first job
// that happens to need it.
#pragma once

#include <cstdint>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"

namespace send_notification {

inline constexpr std::uintmax_t k_default_max_attachment_bytes = 25 * 1024 * 1024;
inline constexpr std::int64_t k_default_idempotency_ttl_seconds = 7 * 24 * 3600;

struct NotificationSettings {
  std::uintmax_t max_attachment_bytes = k_default_max_attachment_bytes;  // NOTIFICATION_MAX_ATTACHMENT_BYTES
  std::int64_t idempotency_ttl_seconds = k_default_idempotency_ttl_seconds;  // NOTIFICATION_IDEMPOTENCY_TTL_SECONDS
};

// Also checks that REDIS_URL, when set, is a valid URL (it is connected to only when a
// delivery is recorded). Errors: usage (64) naming the variable.
jobkit::Result<NotificationSettings> read_notification_settings(const jobkit::EnvironmentLookup& environment);

}  // namespace send_notification
