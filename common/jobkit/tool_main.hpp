// The one main() of every jobkit tool. A tool supplies its name, its own options and one
// function from the job to a result; run_tool does everything the job contract asks around
// it: common options, logging on stderr, reading and checking the job, the JSON result or
// error on stdout, and the exit code. No other code turns exceptions into exit codes.
#pragma once

#include <functional>
#include <string>

#include <CLI/App.hpp>
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

struct ToolDefinition {
  std::string name;     // the executable's name, e.g. "render-pdf"
  std::string summary;  // one line, first in --help
  std::string footer;   // shown at the end of --help, e.g. an example; may be empty
  // Declares the tool's own options on the parser (bind them to the tool's Options struct).
  std::function<void(CLI::App&)> add_options;
  ToolFunction run;
};

// Common options: --help, --version, --dry-run, --input FILE, --log-level LEVEL,
// --log-format text|json, --max-input-bytes N. Returns the process exit status.
int run_tool(int argc, const char* const* argv, const ToolDefinition& tool);

}  // namespace jobkit
