// Dead letters: a copy of every job that failed for good, kept in a BullMQ queue of its own
// (default "dead-letters") whose waiting jobs are the entries, so that dashboards list them
// too. This module owns the entry's shape and every read and write of that queue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bullmq/queue.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace bullmq {

// What failed, where, and how; stored as the entry job's data (a JSON object with these
// member names). The job's data and options keep their key order, so that a retry gives the
// tool the data exactly as the producer wrote it.
struct DeadLetter {
  std::string queue;   // the queue the job failed on
  std::string job_id;
  std::string name;
  nlohmann::ordered_json data;  // the job's data, or its text when it was not JSON
  nlohmann::ordered_json opts = nlohmann::ordered_json::object();  // the job's stored options
  std::string failed_reason;
  std::int64_t attempts_made = 0;
  std::optional<int> exit_code;       // the tool's, when it exited
  std::optional<std::string> signal;  // "SIGKILL" when a signal ended it
  std::vector<std::string> log_tail;  // the tool's last stderr lines, redacted
  std::int64_t failed_at = 0;         // ms since the epoch
};

nlohmann::ordered_json to_json(const DeadLetter& letter);
// Reads what to_json wrote; members that are missing or of another type keep their defaults
// (an entry edited by hand must still list and show).
DeadLetter dead_letter_from_json(const nlohmann::ordered_json& entry);

// An entry as stored: its id in the dead-letter queue and the letter.
struct StoredDeadLetter {
  std::string id;
  DeadLetter letter;
};

// The one-line view of an entry that `dlq list --json` prints: its id, queue, job_id, name,
// failed_at and failed_reason.
nlohmann::ordered_json to_summary_json(const StoredDeadLetter& stored);

class DeadLetterQueue {
 public:
  DeadLetterQueue(std::string prefix, std::string name) : m_queue(std::move(prefix), std::move(name)) {}
  const std::string& name() const { return m_queue.name(); }

  // The entry's id for a job: one per job, so writing it again changes nothing.
  static std::string entry_id(std::string_view queue, std::string_view job_id);

  jobkit::Status write(jobkit::RedisConnection& redis, const DeadLetter& letter) const;
  // Takes back the entry of a job whose failure did not happen after all (another worker
  // owns the job). Missing entries are no error.
  jobkit::Status withdraw(jobkit::RedisConnection& redis, std::string_view queue, std::string_view job_id) const;

  // Every entry, in the wait list's order (newest first); entries that are not JSON objects
  // are passed over.
  jobkit::Result<std::vector<StoredDeadLetter>> list(jobkit::RedisConnection& redis) const;
  // Errors: missing_input (66) when there is no such entry, invalid_data (65) when it is not
  // a JSON object.
  jobkit::Result<StoredDeadLetter> show(jobkit::RedisConnection& redis, const std::string& id) const;
  jobkit::Result<std::int64_t> count(jobkit::RedisConnection& redis) const;

  // Adds the entry's job again to the queue it failed on, with `data` instead of its own
  // when given, under a new id derived from the entry's; notes the retry in the entry's log.
  // Returns the new job's id. Errors: invalid_data (65) when the entry names no valid queue,
  // and those of show and Queue::add_job.
  jobkit::Result<std::string> retry(jobkit::RedisConnection& redis, const std::string& id,
                                    const std::optional<std::string>& data) const;
  // Removes the entries that failed at or before `cutoff_ms`; returns how many went.
  jobkit::Result<int> purge(jobkit::RedisConnection& redis, std::int64_t cutoff_ms) const;

 private:
  Queue m_queue;
};

}  // namespace bullmq
