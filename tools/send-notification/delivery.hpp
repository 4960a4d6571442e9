// The loop every channel shares: claim each recipient in the delivery log (skipping what went
// out, leaving what another run is sending), send, record each delivery, try every recipient
// even after one failed temporarily (a greylisted address must not hold back the others)
// unless the failure is the service's own, and turn the outcomes into the result or a
// retryable error listing the recipients left.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "delivery_log.hpp"
#include "jobkit/tool_context.hpp"
#include "job.hpp"
#include "notification_settings.hpp"

namespace send_notification {

enum class DeliveryStatus { sent, failed, retry };

struct DeliveryOutcome {
  DeliveryStatus status = DeliveryStatus::sent;
  std::string provider_id;  // Message-ID, SMS sid, push location
  long provider_code = 0;   // SMTP reply or HTTP status
  std::string message;      // why it failed
  bool subscription_gone = false;  // push: 404/410, the app should delete the subscription
  int retry_after_seconds = -1;
  // retry: the failure is the service's, not this recipient's (no connection, a timeout, a
  // rate limit), so every later recipient would fail alike and is left without a try.
  bool affects_every_recipient = false;
  nlohmann::json extra = nlohmann::json::object();  // channel-specific fields (SMS segments)
};

// Sends to recipients[index]. An error stops the whole job (a refused login, Redis lost).
using SendFunction = std::function<jobkit::Result<DeliveryOutcome>(const Recipient& recipient, std::size_t index)>;

// Opens the delivery log (REDIS_URL) and sends to every recipient. The result
// {"channel", "sent": [...], "skipped": [...], "failed": [...]} when nothing is left to
// retry; otherwise temporary (75) naming every recipient left (a temporary refusal, or a
// claim another run of the job holds), with the longest Retry-After among them. What was
// sent is recorded, so the retry skips it.
jobkit::Result<nlohmann::json> deliver_all(const NotificationJob& job, const jobkit::ToolContext& context,
                                           const NotificationSettings& settings, const SendFunction& send);

// What --dry-run prints: {"dry_run": true, "channel", "recipients": count}.
nlohmann::json describe_dry_run(const NotificationJob& job);

}  // namespace send_notification
