// Reading JOB_* variables.
#include "jobkit/job_environment.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "jobkit/whole_number.hpp"

namespace jobkit {
namespace {

struct ParsedNumber {
  std::optional<std::int64_t> value;
  bool valid = true;
};

ParsedNumber parse_number(const std::optional<std::string>& text) {
  if (!text) return {};
  const auto value = parse_whole_number<std::int64_t>(*text);
  if (!value) return {std::nullopt, false};
  return {value, true};
}

JobError bad_variable(std::string_view name, std::string_view problem) {
  return JobError::make(ExitCode::usage, fmt::format("environment variable {} {}", name, problem),
                        fmt::format("env:{}", name));
}

}  // namespace

EnvironmentLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<JobMetadata> read_job_metadata(const EnvironmentLookup& environment) {
  JobMetadata metadata;
  metadata.id = environment("JOB_ID");
  metadata.name = environment("JOB_NAME");
  metadata.queue = environment("JOB_QUEUE");

  const std::pair<std::string_view, std::optional<std::int64_t>*> numbers[] = {
      {"JOB_ATTEMPT", &metadata.attempt},
      {"JOB_ATTEMPTS", &metadata.attempts},
      {"JOB_TIMESTAMP", &metadata.timestamp},
  };
  for (const auto& [name, target] : numbers) {
    const ParsedNumber parsed = parse_number(environment(name));
    if (!parsed.valid) return bad_variable(name, "must be a whole number");
    *target = parsed.value;
  }
  if (metadata.attempt && *metadata.attempt < 1) return bad_variable("JOB_ATTEMPT", "must be at least 1");
  if (metadata.attempt && metadata.attempts && *metadata.attempt > *metadata.attempts) {
    return bad_variable("JOB_ATTEMPT", "must not exceed JOB_ATTEMPTS");
  }
  return metadata;
}

}  // namespace jobkit
