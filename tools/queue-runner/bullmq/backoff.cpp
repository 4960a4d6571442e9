#include "bullmq/backoff.hpp"

#include <cmath>

#include <fmt/format.h>

namespace bullmq {

jobkit::Result<std::optional<std::int64_t>> backoff_delay(const nlohmann::json& backoff, std::int64_t attempt_number,
                                                          double random01) {
  if (backoff.is_null()) return std::optional<std::int64_t>();
  if (backoff.is_number()) return std::optional<std::int64_t>(backoff.get<std::int64_t>());
  if (!backoff.is_object()) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "opts.backoff is neither a number nor an object");
  }
  const std::string type = backoff.value("type", "");
  const double delay = backoff.value("delay", 0.0);
  double value = 0;
  if (type == "fixed") {
    value = delay;
  } else if (type == "exponential") {
    value = std::round(std::pow(2.0, static_cast<double>(attempt_number - 1)) * delay);
  } else {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                  fmt::format("unknown backoff strategy \"{}\": only fixed and exponential run here", type));
  }
  const double jitter = backoff.value("jitter", 0.0);
  if (jitter > 0) value = std::floor(random01 * value * jitter + value * (1 - jitter));
  return std::optional<std::int64_t>(static_cast<std::int64_t>(value));
}

}  // namespace bullmq
