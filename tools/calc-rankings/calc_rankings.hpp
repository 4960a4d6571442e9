// calc-rankings: the steps of one job, in order: read, score, rank, publish, report.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace calc_rankings {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                       const Options& options);

}  // namespace calc_rankings
