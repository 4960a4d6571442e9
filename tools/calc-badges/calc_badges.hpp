// calc-badges: awards and revokes rule badges in contractor_badges, for one contractor, a
// list, or every contractor; the steps of one job, in order.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "jobkit/fork_server.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace calc_badges {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                       const Options& options);

// For `calc-badges --fork-server`: what every job's login would set up first, done once.
void warm_up(const jobkit::EnvironmentLookup& environment);

// For the fork server's spare: opens the next job's connection and parses on it the shipped
// (or CALC_BADGES_QUERIES) statements that a single-contractor job runs.
std::unique_ptr<jobkit::SpareWork> prepare_next_job();

}  // namespace calc_badges
