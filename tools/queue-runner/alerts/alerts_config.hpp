// The configuration's "alerts" section: alerts that reach a person without Prometheus —
// a webhook for incidents (a dead letter, a backlog or an old waiting job held too long,
// Redis lost) and a command run for each dead letter.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "jobkit/json_fields.hpp"

namespace queue_runner::alerts {

enum class WebhookFormat { slack, json };

struct WebhookConfig {
  std::string url;  // a secret for Slack: never logged
  WebhookFormat format = WebhookFormat::slack;
  std::int64_t timeout_ms = 5000;
};

// A condition that opens an incident once it has held for `for_ms`.
struct Threshold {
  std::int64_t limit = 0;
  std::int64_t for_ms = 0;
};

struct DeadLetterHook {
  std::vector<std::string> command;  // argv; argv[0] an absolute path
  std::int64_t timeout_ms = 10000;
};

struct AlertsConfig {
  std::optional<WebhookConfig> webhook;
  std::int64_t max_per_minute = 10;  // webhook messages; the rest are counted and reported later
  // A dead-letter incident of a queue ends after this long without a new dead letter.
  std::int64_t dead_letter_quiet_ms = 300000;
  std::optional<Threshold> backlog;      // jobs waiting (wait + prioritized) above limit
  std::optional<Threshold> oldest_wait;  // the oldest waiting job older than limit seconds
  std::int64_t redis_lost_for_ms = 30000;
  std::optional<DeadLetterHook> on_dead;

  bool enabled() const { return webhook.has_value() || on_dead.has_value(); }
};

// Reads the section; an absent one turns every alert off. `find_program` resolves
// on_dead's program as the queues' commands are resolved (nullopt: not found).
AlertsConfig read_alerts_config(const jobkit::JsonField& field,
                                const std::function<std::optional<std::string>(const std::string&)>& find_program);

}  // namespace queue_runner::alerts
