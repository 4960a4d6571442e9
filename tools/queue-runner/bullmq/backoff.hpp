// BullMQ's built-in backoff strategies, with its formulas (backoffs.js in bullmq 6.7.0).
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace bullmq {

// The delay before retrying after the attempt_number-th failure (1-based, BullMQ's
// attemptsMade + 1), or nullopt for "retry at once" (no backoff option). random01 is a
// uniform number in [0, 1) used only with jitter.
//   fixed:       delay
//   exponential: round(2^(attempt_number-1) * delay)
//   jitter j:    floor(random01 * B * j + B * (1 - j)) for the value B above
// Errors: invalid_data (65) for an unknown type (BullMQ needs a custom strategy for those,
// which a C++ worker cannot run).
jobkit::Result<std::optional<std::int64_t>> backoff_delay(const nlohmann::json& backoff, std::int64_t attempt_number,
                                                          double random01);

}  // namespace bullmq
