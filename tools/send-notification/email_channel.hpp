// The email channel: reads the SMTP and DKIM settings, renders every recipient's message and
// loads the attachments first (so a bad setting, template or file fails before anything is
// sent), then sends them all over one SMTP connection.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "job.hpp"
#include "notification_settings.hpp"

namespace send_notification {

jobkit::Result<nlohmann::json> send_email(const NotificationJob& job, const jobkit::ToolContext& context,
                                          const NotificationSettings& notification_settings);

}  // namespace send_notification
