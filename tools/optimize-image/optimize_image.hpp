// The optimize-image job from start to end: read and check the job, resolve every path,
// then per image admit the file, render its variants in memory and write them atomically.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace optimize_image {

// The tool's function for jobkit::run_tool. Errors: invalid_data (65) for a bad job or a
// refused image, missing_input (66), forbidden (77) for a path outside STORAGE_DIR,
// io_error (74) when writing fails, usage (64) when STORAGE_DIR is unset.
jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& options);

}  // namespace optimize_image
