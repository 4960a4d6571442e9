// cleanup: the steps of one job: read it, run its one target within the time limit, report.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace cleanup {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                       const Options& options);

}  // namespace cleanup
