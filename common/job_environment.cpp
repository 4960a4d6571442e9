// Reading JOB_* variables.
#include "jobkit/job_environment.hpp"

#include <cstdlib>
#include <type_traits>

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
  metadata.id = environment(job_variable::id);
  metadata.name = environment(job_variable::name);
  metadata.queue = environment(job_variable::queue);

  const std::pair<std::string_view, std::optional<std::int64_t>*> numbers[] = {
      {job_variable::attempt, &metadata.attempt},
      {job_variable::attempts, &metadata.attempts},
      {job_variable::timestamp, &metadata.timestamp},
  };
  for (const auto& [name, target] : numbers) {
    const ParsedNumber parsed = parse_number(environment(name));
    if (!parsed.valid) return bad_variable(name, "must be a whole number");
    *target = parsed.value;
  }
  if (metadata.attempt && *metadata.attempt < 1) return bad_variable(job_variable::attempt, "must be at least 1");
  if (metadata.attempt && metadata.attempts && *metadata.attempt > *metadata.attempts) {
    return bad_variable(job_variable::attempt, "must not exceed JOB_ATTEMPTS");
  }
  return metadata;
}

std::vector<std::pair<std::string, std::string>> job_variables(const JobMetadata& metadata) {
  std::vector<std::pair<std::string, std::string>> variables;
  const auto add = [&variables](std::string_view name, const auto& value) {
    if (!value) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(*value)>, std::string>) {
      variables.emplace_back(name, *value);
    } else {
      variables.emplace_back(name, std::to_string(*value));
    }
  };
  add(job_variable::id, metadata.id);
  add(job_variable::name, metadata.name);
  add(job_variable::queue, metadata.queue);
  add(job_variable::attempt, metadata.attempt);
  add(job_variable::attempts, metadata.attempts);
  add(job_variable::timestamp, metadata.timestamp);
  return variables;
}

}  // namespace jobkit
