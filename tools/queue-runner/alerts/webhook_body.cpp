// Slack shows "text" as the message; the generic form is for receivers that route on fields.
#include "alerts/webhook_body.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace queue_runner::alerts {

std::string webhook_body(WebhookFormat format, const Alert& alert, const std::string& runner, std::int64_t suppressed) {
  const char* status = alert.resolved ? "resolved" : "firing";
  if (format == WebhookFormat::slack) {
    std::string text = fmt::format("[{}] queue-runner {}: {}", alert.resolved ? "RESOLVED" : "FIRING", runner, alert.summary);
    if (suppressed > 0) text += fmt::format(" ({} more alert(s) held back by the rate limit)", suppressed);
    return nlohmann::json{{"text", text}}.dump();
  }
  nlohmann::json body = {{"status", status},      {"alert", alert.kind}, {"queue", alert.queue},
                         {"summary", alert.summary}, {"value", alert.value}, {"runner", runner},
                         {"suppressed", suppressed}};
  if (alert.queue.empty()) body["queue"] = nullptr;
  return body.dump();
}

}  // namespace queue_runner::alerts
