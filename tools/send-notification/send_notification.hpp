// The tool's function: reads the job and hands it to its channel.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"

namespace send_notification {

jobkit::Result<nlohmann::json> run_send_notification(const nlohmann::json& document, const jobkit::ToolContext& context);

}  // namespace send_notification
