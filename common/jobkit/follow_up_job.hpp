// A follow-up job: an entry of the "enqueue" list in a tool's result. queue-runner adds
// each one to its queue only once the job that asked for it has completed, so that, for
// example, "your PDF is ready" is never sent for a PDF that was not stored.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace jobkit {

struct FollowUpJob {
  std::string queue;                                 // not empty, no ':' (BullMQ's key separator)
  std::string name = "default";                      // the job name, which picks the tool's command
  nlohmann::json data = nlohmann::json::object();    // the job data, any JSON
  nlohmann::json opts = nlohmann::json::object();    // BullMQ job options, always an object
};

// {"queue": ..., "name": ..., "data": ..., "opts": ...}
nlohmann::json to_json(const FollowUpJob& job);

// Reads one entry; pointer is its place in the tool's result, e.g. "/enqueue/0". A missing
// name is "default", missing data {}, and opts that are missing or not an object are {}.
// Errors: invalid_data (65) at pointer, "result /enqueue/0 needs a queue name without ':'",
// for an entry that is not an object or has no usable queue name; and at pointer + "/name"
// for a name that is not a string.
Result<FollowUpJob> read_follow_up_job(const nlohmann::json& entry, std::string_view pointer);

}  // namespace jobkit
