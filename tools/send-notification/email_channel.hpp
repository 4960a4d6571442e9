// The email channel: renders every recipient's message and loads the attachments first
// (so a bad template or file fails before anything is sent), then sends them all over one
// SMTP connection.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "job.hpp"

namespace send_notification {

jobkit::Result<nlohmann::json> send_email(const NotificationJob& job, const jobkit::ToolContext& context);

}  // namespace send_notification
