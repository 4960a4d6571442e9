// Job metadata from the environment (JOB_ID, JOB_NAME, JOB_QUEUE, JOB_ATTEMPT,
// JOB_ATTEMPTS, JOB_TIMESTAMP), set by queue-runner and absent when a person runs a tool.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "jobkit/job_error.hpp"

namespace jobkit {

// Looks up one environment variable; nullopt when unset. Tests pass their own.
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
EnvironmentLookup process_environment();

struct JobMetadata {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> queue;
  std::optional<std::int64_t> attempt;    // 1-based
  std::optional<std::int64_t> attempts;   // the most the job will get
  std::optional<std::int64_t> timestamp;  // when the job was created, ms since the epoch

  // Whether this run is the job's last chance (no further attempt will follow a failure).
  bool is_last_attempt() const { return !attempt || !attempts || *attempt >= *attempts; }
};

// Errors: usage (64) naming the variable when a number is not a number, or JOB_ATTEMPT is
// below 1 or above JOB_ATTEMPTS.
Result<JobMetadata> read_job_metadata(const EnvironmentLookup& environment);

}  // namespace jobkit
