// The SMS channel: one form POST per recipient to a provider shaped like Twilio's
// Messages API (SMS_API_URL/2010-04-01/Accounts/<sid>/Messages.json, HTTP Basic auth with
// the account SID and auth token), the message being the template's text part.
#pragma once

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"
#include "job.hpp"
#include "notification_settings.hpp"

namespace send_notification {

inline constexpr std::size_t k_max_sms_characters = 1600;

jobkit::Result<nlohmann::json> send_sms(const NotificationJob& job, const jobkit::ToolContext& context,
                                         const NotificationSettings& notification_settings);

}  // namespace send_notification
