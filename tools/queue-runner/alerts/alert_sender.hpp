// Sends alerts to the webhook from a thread of its own, so that a slow, failing or hanging
// receiver never holds up a job: callers only put the alert in a bounded queue. At most
// max_per_minute messages go out in any minute; the others are counted and the count rides
// on the next message sent.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "alerts/alerts_config.hpp"
#include "alerts/background_queue.hpp"
#include "alerts/incident_tracker.hpp"
#include "jobkit/http_client.hpp"

namespace queue_runner::alerts {

class AlertSender {
 public:
  AlertSender(WebhookConfig webhook, std::int64_t max_per_minute, std::string runner);
  ~AlertSender();  // waits for a request under way (at most its timeout); drops queued alerts
  AlertSender(const AlertSender&) = delete;
  AlertSender& operator=(const AlertSender&) = delete;

  // Never blocks on the network; an alert over the queue's bound is dropped and counted.
  void send(Alert alert);

 private:
  void deliver(Alert& alert);  // in the queue's thread
  bool within_rate_limit(Clock::time_point now);

  WebhookConfig m_webhook;
  std::int64_t m_max_per_minute;
  std::string m_runner;
  jobkit::HttpClient m_client;
  std::atomic<std::int64_t> m_suppressed{0};  // since the last message sent
  std::deque<Clock::time_point> m_sent;       // within the last minute
  std::unique_ptr<BackgroundQueue<Alert>> m_queue;  // last: its thread uses the members above
};

}  // namespace queue_runner::alerts
