// The tool's function: reads the job and hands it to its channel.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "options.hpp"

namespace send_notification {

// Errors: those of read_notification_settings, then read_job's, then those of the job's channel (send_email, send_sms,
// send_push).
jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& options);

}  // namespace send_notification
