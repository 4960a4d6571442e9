// calc-badges: awards and revokes rule badges in contractor_badges, for one contractor, a
// list, or every contractor; the steps of one job, in order.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"
#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace calc_badges {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                       const Options& options);

// For `calc-badges --fork-server`: what every job's login would set up first, done once.
void warm_up(const jobkit::EnvironmentLookup& environment);

}  // namespace calc_badges
