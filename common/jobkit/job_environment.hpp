// Job metadata from the environment (JOB_ID, JOB_NAME, JOB_QUEUE, JOB_ATTEMPT,
// JOB_ATTEMPTS, JOB_TIMESTAMP), set by queue-runner and absent when a person runs a tool.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// The variable names, written by queue-runner and read by every tool.
namespace job_variable {
inline constexpr std::string_view id = "JOB_ID";
inline constexpr std::string_view name = "JOB_NAME";
inline constexpr std::string_view queue = "JOB_QUEUE";
inline constexpr std::string_view attempt = "JOB_ATTEMPT";
inline constexpr std::string_view attempts = "JOB_ATTEMPTS";
inline constexpr std::string_view timestamp = "JOB_TIMESTAMP";
inline constexpr std::string_view progress_fd = "JOB_PROGRESS_FD";
}  // namespace job_variable

// The JOB_* variables that describe `metadata` to a tool, as name/value pairs, leaving out
// what it does not know. read_job_metadata reads back exactly these.
std::vector<std::pair<std::string, std::string>> job_variables(const JobMetadata& metadata);

// Errors: usage (64) naming the variable when a number is not a number, or JOB_ATTEMPT is
// below 1 or above JOB_ATTEMPTS.
Result<JobMetadata> read_job_metadata(const EnvironmentLookup& environment);

}  // namespace jobkit
