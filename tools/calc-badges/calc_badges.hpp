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

}  // namespace calc_badges
