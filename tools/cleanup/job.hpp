// The cleanup job, read from JSON into typed fields and checked before anything is removed:
// one target, its age threshold (required: no target removes "everything"), its policy.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace cleanup {

using Milliseconds = std::chrono::milliseconds;

enum class Target { audit_logs, sessions, files, redis_keys, queues };

// How the PostgreSQL targets pace their work so that a live site does not notice it.
struct Pacing {
  std::int64_t batch_size = 5000;       // rows per batch, each batch its own transaction
  Milliseconds pause{100};              // sleep between batches
  Milliseconds lock_timeout{2000};      // a batch waiting longer for a lock gives up
  Milliseconds statement_timeout{30000};
};

// A table whose old rows go: the key the DELETE names rows by and the column holding their age.
struct TableNames {
  std::string table;
  std::string key_column;
  std::string time_column;
};

struct Archive {
  std::string folder;                      // below STORAGE_DIR
  std::int64_t rows_per_file = 100000;
};

struct AuditLogsPolicy {
  TableNames names{"audit_logs", "id", "created_at"};
  bool drop_partitions = true;             // whole partitions older than the threshold are dropped
  std::optional<Archive> archive;
};

struct SessionsPolicy {
  TableNames names{"session", "sid", "expire"};
  std::string time_zone;                   // empty: the database server's (the connection's default)
};

struct FilesPolicy {
  std::string prefix;                      // a folder below STORAGE_DIR
  std::string pattern;                     // shell pattern on the file name; empty: every file
  bool temporary_files = true;             // also the hidden leftovers of killed atomic writes
  Milliseconds temporary_older_than{std::chrono::hours(24)};
};

struct RedisKeysPolicy {
  std::string pattern;
  std::int64_t max_keys = 100000;          // cap per run
  std::int64_t scan_count = 1000;          // SCAN's COUNT hint
  bool include_queue_keys = false;         // a pattern that can match queue keys needs this
  std::vector<std::string> queue_prefixes{"bull"};
};

struct QueuesPolicy {
  std::string prefix = "bull";
  std::vector<std::string> queues;
  Milliseconds failed_older_than{0};       // default: the job's older_than
  std::int64_t events_max_length = 10000;  // the events stream is trimmed to about this many
  std::optional<std::string> dead_letter_queue;  // its entries older than dead_letters_older_than go
  Milliseconds dead_letters_older_than{0};
};

struct CleanupJob {
  Target target = Target::audit_logs;
  Milliseconds older_than{0};
  Milliseconds max_runtime{std::chrono::minutes(10)};  // then the job ends with what it did
  Pacing pacing;
  AuditLogsPolicy audit_logs;
  SessionsPolicy sessions;
  FilesPolicy files;
  RedisKeysPolicy redis_keys;
  QueuesPolicy queues;
};

// Errors: invalid_data (65) naming every bad field's JSON Pointer.
jobkit::Result<CleanupJob> read_job(const nlohmann::json& job);

// "audit-logs", "sessions", ... as jobs and results spell them.
const char* target_name(Target target);

}  // namespace cleanup
