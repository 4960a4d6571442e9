// What a new job's options may be: the checks every add makes, and the stricter ones for a
// job a person adds.
#include "bullmq/job_options.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

#include "jobkit/whole_number.hpp"

namespace bullmq {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

// bullmq 6.7.0's JobsOptions (BaseJobOptions and job-options.d.ts).
const std::set<std::string, std::less<>> k_job_options = {
    "jobId",         "timestamp", "delay",     "priority",        "attempts",   "backoff",
    "lifo",          "removeOnComplete",       "removeOnFail",    "keepLogs",   "sizeLimit",
    "stackTraceLimit", "telemetry", "parent",  "repeat",          "repeatJobKey", "prevMillis",
    "deduplication", "failParentOnFailure",    "ignoreDependencyOnFailure", "removeDependencyOnFailure",
    "continueParentOnFailure"};

// A backoff the runner can compute when the job fails: a number (fixed), or {type, delay,
// jitter} with type fixed or exponential, as Worker's built-in strategies.
jobkit::Status check_backoff(const nlohmann::json& opts) {
  const auto found = opts.find("backoff");
  if (found == opts.end()) return jobkit::Done{};
  const auto bad = [](std::string message) {
    return JobError::make(ExitCode::invalid_data, "opts.backoff" + message, "backoff");
  };
  const nlohmann::json& backoff = *found;
  if (backoff.is_number()) {
    if (backoff.get<double>() < 0) return bad(" must be at least 0");
    return jobkit::Done{};
  }
  if (!backoff.is_object()) return bad(" must be a number or {type, delay}");
  const auto type = backoff.find("type");
  if (type == backoff.end() || !type->is_string() || (*type != "fixed" && *type != "exponential")) {
    return bad(".type must be \"fixed\" or \"exponential\" (custom strategies run only in a Node worker)");
  }
  if (const auto delay = backoff.find("delay"); delay != backoff.end() && !(delay->is_number() && *delay >= 0)) {
    return bad(".delay must be a number of milliseconds of at least 0");
  }
  if (const auto jitter = backoff.find("jitter");
      jitter != backoff.end() && !(jitter->is_number() && *jitter >= 0 && *jitter <= 1)) {
    return bad(".jitter must be a number from 0 to 1");
  }
  return jobkit::Done{};
}

}  // namespace

jobkit::Status check_new_job_options(const nlohmann::json& opts) {
  const auto bad = [](const char* field, const char* expected) {
    return JobError::make(ExitCode::invalid_data, fmt::format("opts.{} must be {}", field, expected), field);
  };
  if (!opts.is_object()) return bad("", "an object");
  if (opts.contains("jobId") && !opts["jobId"].is_string()) return bad("jobId", "a string");
  // Redis keys are binary, but a NUL cut the id short on its way into the job's key, leaving
  // a job in wait whose data no worker could find.
  if (opts.contains("jobId") && opts["jobId"].get_ref<const std::string&>().find('\0') != std::string::npos) {
    return bad("jobId", "a string without NUL characters");
  }
  for (const char* field : {"delay", "priority", "attempts"}) {
    if (opts.contains(field) && !(opts[field].is_number_integer() && opts[field].get<std::int64_t>() >= 0)) {
      return bad(field, "a whole number of at least 0");
    }
  }
  if (opts.contains("priority") && opts["priority"].get<std::int64_t>() > 2097152) return bad("priority", "at most 2097152");
  if (opts.contains("timestamp") && !(opts["timestamp"].is_number_integer() && opts["timestamp"].get<std::int64_t>() >= 0)) {
    return bad("timestamp", "a whole number of milliseconds since 1970");
  }
  return jobkit::Done{};
}

bool is_valid_custom_job_id(const std::string& id) {
  const auto number = jobkit::parse_whole_number<std::int64_t>(id);
  if (number && std::to_string(*number) == id) return false;
  const auto colons = std::count(id.begin(), id.end(), ':');
  return colons == 0 || colons == 2;
}

jobkit::Status check_options_for_add(const nlohmann::json& opts) {
  if (const auto id = opts.find("jobId"); id != opts.end() && id->is_string() && !is_valid_custom_job_id(*id)) {
    return JobError::make(ExitCode::invalid_data,
                          "opts.jobId must not be an integer nor hold ':' (except the form a:b:c), "
                          "as in BullMQ's Queue.add",
                          "jobId");
  }
  if (auto backoff = check_backoff(opts); !backoff) return backoff;
  // What a plain add cannot do, stored anyway, would look done and not be: a parent the job
  // never reports to, a repeat or a deduplication nobody applies.
  for (const char* field : {"parent", "repeat", "repeatJobKey", "deduplication", "prevMillis"}) {
    if (opts.contains(field)) {
      return JobError::make(ExitCode::invalid_data,
                            fmt::format("opts.{} is not supported here: add flows, repeats and deduplicated jobs "
                                        "with BullMQ itself, or schedules with queue-runner's config",
                                        field),
                            field);
    }
  }
  // A misspelt option (attempt, delayMs) would be stored and silently mean nothing.
  for (const auto& [key, value] : opts.items()) {
    if (!k_job_options.contains(key)) {
      return JobError::make(ExitCode::invalid_data, fmt::format("opts.{} is not a BullMQ job option", key), key);
    }
  }
  return jobkit::Done{};
}

}  // namespace bullmq
