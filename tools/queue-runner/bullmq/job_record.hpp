// A BullMQ job as moveToActive hands it over: the fields of its hash that the runner uses.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/redis_connection.hpp"

namespace bullmq {

struct JobRecord {
  std::string id;
  std::string name;
  std::string data;            // JSON text, passed to the tool as is
  nlohmann::json opts;         // the stored options (short keys), an object
  std::int64_t timestamp = 0;  // creation, ms
  std::int64_t attempts_made = 0;
  std::int64_t attempts_started = 0;
  std::optional<std::string> scheduler_id;      // rjk
  std::optional<std::string> deferred_failure;  // defa
  std::string stacktrace = "[]";                // JSON array text

  // opts.attempts when the producer gave more than 0, else fallback.
  std::int64_t attempts_or(std::int64_t fallback) const;
};

// From the flat [field, value, ...] array of HGETALL and the job's id.
JobRecord parse_job_record(std::string id, jobkit::RedisValue flat_hash);

// What a fetching script (moveToActive, moveToFinished with fetch-next) returned.
struct FetchResult {
  std::optional<JobRecord> job;
  std::int64_t rate_limit_ms = 0;
  std::int64_t next_delayed_ms = 0;  // due time of the earliest delayed job, 0 when none
};

// Parses [hash|0, id|0, rateLimitTtl, nextDelayed]; any other reply means nothing fetched.
FetchResult parse_fetch_result(jobkit::RedisValue reply);

}  // namespace bullmq
