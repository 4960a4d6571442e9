// sync-sheets: the steps of one job, in order: read the job and its rows, turn them into
// cells, authorise, write the tab as the mode says, report.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace sync_sheets {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                       const Options& options);

}  // namespace sync_sheets
