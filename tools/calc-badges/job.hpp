// The calc-badges job, read from JSON into typed fields and checked before any query runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"
#include "jobkit/notify_settings.hpp"

namespace calc_badges {

// contractor: one contractor after a review (the fast path); list: the ids given; sweep:
// every contractor, in id order, batch by batch.
enum class Mode { contractor, list, sweep };

using Notify = jobkit::NotifySettings;

struct BadgeJob {
  Mode mode = Mode::sweep;
  std::vector<std::int64_t> contractor_ids;  // sorted, without repeats; empty for a sweep
  std::int64_t batch_size = 1000;            // contractors per transaction
  std::optional<Notify> notify;
};

// Exactly one of {"contractor_id": N}, {"contractor_ids": [...]} or {"scope": "all"}.
// Errors: invalid_data (65) naming every bad field's JSON Pointer.
jobkit::Result<BadgeJob> read_job(const nlohmann::json& job);

}  // namespace calc_badges
