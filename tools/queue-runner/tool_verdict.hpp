// What a tool's run means for its job, as BullMQ would see it: completed with a return
// value, or failed with a reason, for now or for good.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tool_process.hpp"

namespace queue_runner {

struct ToolVerdict {
  bool success = false;
  bool permanent = false;  // 64, 65, 66, 77, or a job the runner cannot process: no further attempts
  std::string value;       // returnvalue JSON as JSON.stringify writes it (success), or failedReason
  nlohmann::json result;   // the parsed result on success
};

// Pure, for tests.
ToolVerdict judge_tool_outcome(const ToolOutcome& outcome, const ToolLimits& limits);

// A failure with `reason` that no further attempt can mend.
ToolVerdict permanent_failure(std::string reason);

}  // namespace queue_runner
