#include "job.hpp"

#include <fmt/format.h>

#include "duration.hpp"
#include "jobkit/json_fields.hpp"

namespace cleanup {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

constexpr const char* k_duration_hint = "expected a duration such as \"250ms\", \"45s\", \"30m\", \"12h\" or \"90d\"";

// Longer than any age worth keeping data for; beyond it a cutoff leaves the range of
// PostgreSQL's interval (or its dates), which failed as a query error without the field.
constexpr Milliseconds k_max_duration = std::chrono::hours(24 * 36500);
// PostgreSQL's lock_timeout and statement_timeout are int milliseconds.
constexpr Milliseconds k_max_postgres_timeout{2'147'483'647};

Milliseconds read_duration(JsonField field, Milliseconds fallback, Milliseconds max = k_max_duration) {
  if (!field.present()) return fallback;
  const std::string text = field.as_string({.min_length = 1, .max_length = 32});
  if (!field.json().is_string()) return fallback;
  const auto parsed = parse_duration(text);
  if (!parsed) {
    field.reject(k_duration_hint);
    return fallback;
  }
  if (*parsed > max) {
    field.reject(max == k_max_duration ? "must be at most 36500d (100 years)"
                                       : "must be at most 2147483647ms (about 24 days, PostgreSQL's limit)");
    return fallback;
  }
  return *parsed;
}

// PostgreSQL names: at most 63 bytes, no NUL; they are quoted wherever they are used.
std::string read_name(JsonField field, std::string fallback) {
  std::string name = field.string_or(std::move(fallback), {.min_length = 1, .max_length = 63});
  if (name.find('\0') != std::string::npos) field.reject("must not contain a NUL character");
  return name;
}

// A path below STORAGE_DIR as the job writes it; StorageRoot checks where it leads.
std::string read_storage_path(JsonField field) {
  std::string path = field.as_string({.min_length = 1, .max_length = 1024});
  if (!path.empty() && path.front() == '/') field.reject("must be relative to STORAGE_DIR");
  return path;
}

Pacing read_pacing(JsonObject& root) {
  Pacing pacing;
  pacing.batch_size = root.optional("batch_size").integer_or(pacing.batch_size, {.min = 1, .max = 100000});
  pacing.pause = read_duration(root.optional("pause"), pacing.pause);
  JsonField lock = root.optional("lock_timeout");
  pacing.lock_timeout = read_duration(lock, pacing.lock_timeout, k_max_postgres_timeout);
  if (pacing.lock_timeout.count() == 0) lock.reject("must be more than 0 (0 would wait for locks forever)");
  JsonField statement = root.optional("statement_timeout");
  pacing.statement_timeout = read_duration(statement, pacing.statement_timeout, k_max_postgres_timeout);
  if (pacing.statement_timeout.count() == 0) statement.reject("must be more than 0 (0 would never time out)");
  return pacing;
}

TableNames read_table_names(JsonObject& root, TableNames names) {
  names.table = read_name(root.optional("table"), names.table);
  names.key_column = read_name(root.optional("key_column"), names.key_column);
  names.time_column = read_name(root.optional("time_column"), names.time_column);
  return names;
}

AuditLogsPolicy read_audit_logs(JsonObject& root) {
  AuditLogsPolicy policy;
  policy.names = read_table_names(root, policy.names);
  policy.drop_partitions = root.optional("drop_partitions").bool_or(true);
  JsonField archive = root.optional("archive");
  if (archive.present()) {
    JsonObject object = archive.as_object();
    Archive settings;
    settings.folder = read_storage_path(object.required("folder"));
    settings.rows_per_file =
        object.optional("rows_per_file").integer_or(settings.rows_per_file, {.min = 1, .max = 100'000'000});
    policy.archive = settings;
  }
  return policy;
}

SessionsPolicy read_sessions(JsonObject& root) {
  SessionsPolicy policy;
  policy.names = read_table_names(root, policy.names);
  policy.time_zone = root.optional("time_zone").string_or("", {.min_length = 1, .max_length = 64});
  return policy;
}

FilesPolicy read_files(JsonObject& root) {
  FilesPolicy policy;
  policy.prefix = read_storage_path(root.required("prefix"));
  JsonField pattern = root.optional("pattern");
  policy.pattern = pattern.string_or("", {.min_length = 1, .max_length = 256});
  if (policy.pattern.find('/') != std::string::npos) pattern.reject("matches file names: no '/'");
  policy.temporary_files = root.optional("temporary_files").bool_or(true);
  policy.temporary_older_than = read_duration(root.optional("temporary_older_than"), policy.temporary_older_than);
  return policy;
}

RedisKeysPolicy read_redis_keys(JsonObject& root) {
  RedisKeysPolicy policy;
  policy.pattern = root.required("pattern").as_string({.min_length = 1, .max_length = 1024});
  policy.max_keys = root.optional("max_keys").integer_or(policy.max_keys, {.min = 1, .max = 100'000'000});
  policy.scan_count = root.optional("scan_count").integer_or(policy.scan_count, {.min = 1, .max = 100000});
  policy.include_queue_keys = root.optional("include_queue_keys").bool_or(false);
  JsonField prefixes = root.optional("queue_prefixes");
  if (prefixes.present()) {
    policy.queue_prefixes.clear();
    for (JsonField& prefix : prefixes.as_array(100)) {
      policy.queue_prefixes.push_back(prefix.as_string({.min_length = 1, .max_length = 200}));
    }
  }
  return policy;
}

QueuesPolicy read_queues(JsonObject& root, Milliseconds older_than) {
  QueuesPolicy policy;
  policy.prefix = root.optional("prefix").string_or(policy.prefix, {.min_length = 1, .max_length = 200});
  JsonField queues = root.required("queues");
  for (JsonField& queue : queues.as_array(1000)) {
    std::string name = queue.as_string({.min_length = 1, .max_length = 200});
    if (name.find(':') != std::string::npos) queue.reject("a queue name has no ':'");
    policy.queues.push_back(std::move(name));
  }
  if (queues.present() && queues.json().is_array() && queues.json().empty()) queues.reject("name at least one queue");
  policy.failed_older_than = read_duration(root.optional("failed_older_than"), older_than);
  policy.events_max_length =
      root.optional("events_max_length").integer_or(policy.events_max_length, {.min = 0, .max = 100'000'000});
  JsonField dead_letters = root.optional("dead_letters");
  if (dead_letters.present()) {
    JsonObject object = dead_letters.as_object();
    policy.dead_letter_queue =
        object.optional("queue").string_or("dead-letter", {.min_length = 1, .max_length = 200});
    JsonField age = object.required("older_than");
    policy.dead_letters_older_than = read_duration(age, Milliseconds(0));
  }
  return policy;
}

}  // namespace

const char* target_name(Target target) {
  switch (target) {
    case Target::audit_logs: return "audit-logs";
    case Target::sessions: return "sessions";
    case Target::files: return "files";
    case Target::redis_keys: return "redis-keys";
    case Target::queues: return "queues";
  }
  return "audit-logs";
}

jobkit::Result<CleanupJob> read_job(const nlohmann::json& document) {
  return jobkit::read_fields<CleanupJob>(document, [](JsonObject& root) {
    CleanupJob job;
    JsonField target = root.required("target");
    const std::string name = target.as_string();
    bool known = false;
    for (Target candidate : {Target::audit_logs, Target::sessions, Target::files, Target::redis_keys, Target::queues}) {
      if (name == target_name(candidate)) job.target = candidate, known = true;
    }
    if (target.present() && target.json().is_string() && !known) {
      target.reject("expected \"audit-logs\", \"sessions\", \"files\", \"redis-keys\" or \"queues\"");
    }
    // No default: a cleanup that forgot its threshold must not remove everything.
    job.older_than = read_duration(root.required("older_than"), Milliseconds(0));
    JsonField runtime = root.optional("max_runtime");
    job.max_runtime = read_duration(runtime, job.max_runtime);
    if (job.max_runtime.count() == 0) runtime.reject("must be more than 0");
    if (!known) return job;
    switch (job.target) {
      case Target::audit_logs:
        job.pacing = read_pacing(root);
        job.audit_logs = read_audit_logs(root);
        break;
      case Target::sessions:
        job.pacing = read_pacing(root);
        job.sessions = read_sessions(root);
        break;
      case Target::files: job.files = read_files(root); break;
      case Target::redis_keys: job.redis_keys = read_redis_keys(root); break;
      case Target::queues: job.queues = read_queues(root, job.older_than); break;
    }
    return job;
  });
}

}  // namespace cleanup
