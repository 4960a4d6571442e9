// The webhook's URL is a secret for Slack (it is the credential): logs name the alert, not
// the URL.
#include "alerts/alert_sender.hpp"

#include <spdlog/spdlog.h>

#include "alerts/webhook_body.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner::alerts {
namespace {

// Enough for every incident a runner can have open at once; beyond it the receiver is
// clearly not keeping up.
constexpr std::size_t k_alert_queue_bound = 100;

}  // namespace

AlertSender::AlertSender(WebhookConfig webhook, std::int64_t max_per_minute, std::string runner)
    : m_webhook(std::move(webhook)),
      m_max_per_minute(max_per_minute),
      m_runner(std::move(runner)),
      m_queue(std::make_unique<BackgroundQueue<Alert>>(k_alert_queue_bound, [this](Alert& alert) { deliver(alert); })) {}

AlertSender::~AlertSender() { m_queue.reset(); }

void AlertSender::send(Alert alert) {
  if (m_queue->post(std::move(alert))) return;
  ++m_suppressed;
  metrics::runner_metrics().alert_not_sent();
}

bool AlertSender::within_rate_limit(Clock::time_point now) {
  while (!m_sent.empty() && now - m_sent.front() >= std::chrono::minutes(1)) m_sent.pop_front();
  if (static_cast<std::int64_t>(m_sent.size()) >= m_max_per_minute) return false;
  m_sent.push_back(now);
  return true;
}

void AlertSender::deliver(Alert& alert) {
  if (!within_rate_limit(Clock::now())) {
    // Once per burst: a warning per held-back alert would flood the log the limit spares.
    if (m_suppressed++ == 0) {
      spdlog::warn("alerts: rate limit of {} a minute reached; holding back: {}", m_max_per_minute, alert.summary);
    }
    metrics::runner_metrics().alert_not_sent();
    return;
  }
  jobkit::HttpRequest request;
  request.method = "POST";
  request.url = m_webhook.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = webhook_body(m_webhook.format, alert, m_runner, m_suppressed.exchange(0));
  request.timeout = std::chrono::milliseconds(m_webhook.timeout_ms);
  request.connect_timeout = std::min(request.timeout, std::chrono::milliseconds(5000));
  request.max_response_bytes = 64 * 1024;
  auto sent = m_client.send_expecting_success(request);
  if (sent) {
    metrics::runner_metrics().alert_sent();
    return;
  }
  metrics::runner_metrics().alert_not_sent();
  // The code only ("http_timeout", "http_500"): the message would quote the URL.
  spdlog::warn("alerts: the webhook did not take the {} alert ({}): {}", alert.kind, alert.resolved ? "resolved" : "firing",
               sent.error().code);
}

}  // namespace queue_runner::alerts
