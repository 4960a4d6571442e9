// The loop every channel shares: skip what the delivery log says went out, send the rest
// one by one, record each delivery, stop at the first temporary failure (the rest is left
// for the retry), and turn the outcomes into the result or a retryable error.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "delivery_log.hpp"
#include "jobkit/tool_context.hpp"
#include "job.hpp"

namespace send_notification {

enum class DeliveryStatus { sent, failed, retry };

struct DeliveryOutcome {
  DeliveryStatus status = DeliveryStatus::sent;
  std::string provider_id;  // Message-ID, SMS sid, push location
  long provider_code = 0;   // SMTP reply or HTTP status
  std::string message;      // why it failed
  bool subscription_gone = false;  // push: 404/410, the app should delete the subscription
  int retry_after_seconds = -1;
  nlohmann::json extra = nlohmann::json::object();  // channel-specific fields (SMS segments)
};

// Sends to recipients[index]. An error stops the whole job (a refused login, Redis lost).
using SendFunction = std::function<jobkit::Result<DeliveryOutcome>(const Recipient& recipient, std::size_t index)>;

// Opens the delivery log (REDIS_URL) and sends to every recipient. The result
// {"channel", "sent": [...], "skipped": [...], "failed": [...]} when nothing is left to
// retry; otherwise temporary (75) listing the recipients left, with Retry-After.
jobkit::Result<nlohmann::json> deliver_all(const NotificationJob& job, const jobkit::ToolContext& context,
                                           const SendFunction& send);

// What --dry-run prints: {"dry_run": true, "channel", "recipients": count}.
nlohmann::json describe_dry_run(const NotificationJob& job);

}  // namespace send_notification
