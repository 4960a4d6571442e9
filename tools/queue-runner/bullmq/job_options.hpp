// What a new job's options may be, as bullmq 6.7.0's Queue.add checks them in JavaScript
// before any script runs.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace bullmq {

// For every add (Queue::add_job: a person's, a tool's follow-up, a dead letter's retry): the
// types and ranges a script relies on. Errors: invalid_data (65) naming the option.
jobkit::Status check_new_job_options(const nlohmann::json& opts);

// bullmq 6.7.0's rule for ids given to Queue.add (Job.validateOptions): not the decimal
// form of an integer, which would collide with BullMQ's own counter, and either no ':' or
// exactly three ':'-separated parts. The runner's own derived ids do not go through it.
bool is_valid_custom_job_id(const std::string& id);

// For jobs a person adds (`queue-runner add`): beyond what add_job checks, a jobId Queue.add
// accepts, only bullmq's job options (a misspelt one would be stored and mean nothing), none
// that a plain add cannot carry out (parent, repeat, deduplication), and a backoff the runner
// can compute. Errors: invalid_data (65) naming the option. Not for jobs re-added from
// storage (a dead letter's), whose options are what their producer stored.
jobkit::Status check_options_for_add(const nlohmann::json& opts);

}  // namespace bullmq
