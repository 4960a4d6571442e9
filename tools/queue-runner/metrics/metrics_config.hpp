// The configuration's "metrics" section: where `queue-runner run` serves /metrics and
// /healthz, how often it reads queue depths, and which further queues it reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jobkit/json_fields.hpp"

namespace queue_runner::metrics {

struct MetricsConfig {
  bool enabled = false;  // off unless the section names an address
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (the log says which)
  std::int64_t collect_interval_ms = 5000;
  // Queues to report besides the configuration's own and their dead-letter queues, such as
  // those Node workers serve: one runner can report the depth of a whole fleet.
  std::vector<std::string> extra_queues;
};

// Reads {"listen": "HOST:PORT", "collect_interval_ms": N, "queues": [...]}; without
// "listen" (or without the section) nothing is served. Problems are recorded on the field.
MetricsConfig read_metrics_config(const jobkit::JsonField& field);

}  // namespace queue_runner::metrics
