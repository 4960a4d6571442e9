#include "target_report.hpp"

namespace cleanup {

nlohmann::json to_json(const TargetReport& report, const char* target, bool dry_run, std::chrono::milliseconds duration) {
  nlohmann::json result = {{"target", target},
                           {"dry_run", dry_run},
                           {"removed", report.removed},
                           {"archived", report.archived},
                           {"batches", report.batches},
                           {"duration_ms", duration.count()},
                           {"longest_batch_ms", report.longest_batch.count()},
                           {"stopped_at_time_limit", report.stopped_at_time_limit}};
  for (const auto& [key, value] : report.details.items()) result[key] = value;
  return result;
}

}  // namespace cleanup
