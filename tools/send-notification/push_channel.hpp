// The web push channel (RFC 8030 delivery, RFC 8291 encryption, RFC 8292 VAPID): one POST
// per subscription with the encrypted JSON {"title", "body"}. A 404 or 410 means the
// subscription is gone: that recipient fails permanently with "subscription_gone": true so
// the app can delete it.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/ec_key.hpp"
#include "jobkit/tool_context.hpp"
#include "job.hpp"
#include "notification_settings.hpp"

namespace send_notification {

// The Authorization header value "vapid t=<ES256 JWT>, k=<base64url public key>" for a
// push endpoint: aud is the endpoint's origin, exp 12 hours after now.
std::string vapid_authorization(const jobkit::EcKey& key, std::string_view endpoint, std::string_view subject,
                                std::chrono::system_clock::time_point now);

jobkit::Result<nlohmann::json> send_push(const NotificationJob& job, const jobkit::ToolContext& context,
                                          const NotificationSettings& notification_settings);

}  // namespace send_notification
