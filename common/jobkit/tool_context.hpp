// What a tool's job function is given besides the job, apart from the parser and main():
// the tool libraries include only this, so that their files do not each compile CLI11.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/progress.hpp"

namespace jobkit {

enum class RunMode { execute, dry_run };

// What a tool's function gets besides the job.
struct ToolContext {
  RunMode mode;                           // dry_run: validate and describe; no side effects
  const JobMetadata& metadata;            // JOB_* variables
  const ProgressChannel& progress;        // JOB_PROGRESS_FD, or a no-op
  const EnvironmentLookup& environment;   // service settings (STORAGE_DIR, REDIS_URL, ...)
};

using ToolFunction = std::function<Result<nlohmann::json>(const nlohmann::json& job, const ToolContext& context)>;

}  // namespace jobkit
