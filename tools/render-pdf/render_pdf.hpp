// render-pdf's job function: job -> document -> checks -> layout -> PDF -> storage -> result.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"
#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace render_pdf {

// The tool's function for jobkit::run_tool. Errors: invalid_data (65) for a bad job, a bad
// document or template data; missing_input (66) for a missing image or font; forbidden (77)
// for a path outside STORAGE_DIR; io_error (74) when the PDF cannot be written.
jobkit::Result<nlohmann::json> run_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                       const Options& options);

// For a fork server: opens the default fonts and paints a one-line document in memory, so
// that fonts, FreeType, PoDoFo and libdeflate are ready in every forked job. Throws nothing
// that matters: a failure only means the jobs load it all themselves.
void warm_up(const jobkit::EnvironmentLookup& environment);

}  // namespace render_pdf
