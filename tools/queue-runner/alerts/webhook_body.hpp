// The JSON a webhook receives for an alert: Slack's incoming-webhook shape ({"text": ...}),
// or a generic object with every field for other receivers.
#pragma once

#include <string>

#include "alerts/alerts_config.hpp"
#include "alerts/incident_tracker.hpp"

namespace queue_runner::alerts {

// `runner` names the sending runner (its worker name or host); `suppressed` is how many
// alerts the rate limit held back since the last one sent.
std::string webhook_body(WebhookFormat format, const Alert& alert, const std::string& runner, std::int64_t suppressed);

}  // namespace queue_runner::alerts
