// The scripts' keys and arguments, in the order bullmq 6.7.0 sends them.
#include "bullmq/queue.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "bullmq/job_options.hpp"
#include "bullmq/msgpack.hpp"
#include "bullmq/pattern_strategy.hpp"
#include "bullmq/queue_activity.hpp"
#include "bullmq/scripts.hpp"
#include "jobkit/whole_number.hpp"

namespace bullmq {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using jobkit::RedisConnection;

// The hash beside a queue's keys where queue-runner keeps counters of its own.
constexpr std::string_view k_runner_stats = "jobkit:stats";


// "Fields to update": a msgpacked flat [field, value, ...] array, or "" for none.
std::string fields_argument(const nlohmann::json& fields) {
  if (!fields.is_object() || fields.empty()) return "";
  nlohmann::json flat = nlohmann::json::array();
  for (const auto& [field, value] : fields.items()) {
    flat.push_back(field);
    flat.push_back(value);
  }
  return msgpack(flat);
}

nlohmann::json fetch_options(const std::string& token, const WorkerIdentity& worker) {
  return {{"token", token},
          {"lockDuration", worker.lock_duration_ms},
          {"limiter", nullptr},
          {"name", worker.name.empty() ? nlohmann::json(nullptr) : nlohmann::json(worker.name)}};
}

// BullMQ's scripts report failures as negative integers (enums/error-code.js).
JobError script_error(std::int64_t code, std::string_view script, std::string_view job_id) {
  std::string name = "bullmq_error";
  std::string what = fmt::format("error code {}", code);
  if (code == -1) name = "job_missing", what = "the job no longer exists";
  if (code == -2 || code == -6) name = "lock_lost", what = "the job's lock is held by another worker";
  if (code == -3) name = "not_active", what = "the job is not active";
  JobError error = JobError::make(ExitCode::temporary, fmt::format("{} for job {}: {}", script, job_id, what));
  error.code = std::move(name);
  return error;
}

jobkit::Status status_of(const jobkit::Result<jobkit::RedisReply>& reply, std::string_view script,
                         std::string_view job_id) {
  if (!reply) return reply.error();
  const auto value = reply->value();
  if (value.is_integer() && value.integer() < 0) return script_error(value.integer(), script, job_id);
  return jobkit::Done{};
}

std::vector<std::string> strings_of(jobkit::RedisValue array) {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < array.size(); ++i) result.emplace_back(array.at(i).text());
  return result;
}

// The stored form of Queue.add's options: a numeric backoff becomes {type: fixed}, attempts
// is always present.
nlohmann::json stored_options(const nlohmann::json& opts) {
  nlohmann::json stored = opts;
  if (!stored.contains("attempts")) stored["attempts"] = 0;
  if (const auto backoff = stored.find("backoff"); backoff != stored.end() && backoff->is_number()) {
    *backoff = {{"type", "fixed"}, {"delay", *backoff}};
  }
  return stored;
}

// Producers may store anything; only a real true counts.
bool option_flag(const nlohmann::json& opts, const char* name) {
  const auto found = opts.find(name);
  return found != opts.end() && found->is_boolean() && found->get<bool>();
}

}  // namespace

bool is_valid_queue_name(std::string_view name) { return !name.empty() && name.find(':') == std::string_view::npos; }

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

nlohmann::json keep_jobs_from_option(const nlohmann::json& option) {
  if (option.is_boolean()) return {{"count", option.get<bool>() ? 0 : -1}};
  if (option.is_number()) return {{"count", option}};
  if (option.is_object()) return option;
  return {{"count", -1}};
}

jobkit::Result<FetchResult> Queue::move_to_active(RedisConnection& redis, const std::string& token,
                                                        const WorkerIdentity& worker) const {
  const auto& k = m_keys;
  auto reply = run_script(redis, Script::move_to_active,
                          {k.key("wait"), k.key("active"), k.key("prioritized"), k.key("events"), k.key("stalled"),
                           k.key("limiter"), k.key("delayed"), k.key("paused"), k.key("meta"), k.key("pc"),
                           k.key("marker")},
                          {k.base(), std::to_string(now_ms()), msgpack(fetch_options(token, worker))});
  if (!reply) return reply.error();
  return parse_fetch_result(reply->value());
}

jobkit::Result<FetchResult> Queue::move_to_finished(RedisConnection& redis, const JobRecord& job,
                                                          const std::string& token, const WorkerIdentity& worker,
                                                          const Finish& finish) const {
  const auto& k = m_keys;
  const bool completed = finish.target == FinishTarget::completed;
  const std::string target = completed ? "completed" : "failed";
  const auto flag = [&](const char* name) { return option_flag(job.opts, name); };
  const nlohmann::json options = {
      {"token", token},
      {"name", worker.name.empty() ? nlohmann::json(nullptr) : nlohmann::json(worker.name)},
      {"keepJobs", finish.keep_jobs},
      {"limiter", nullptr},
      {"lockDuration", worker.lock_duration_ms},
      {"attempts", finish.attempts},
      {"maxMetricsSize", ""},  // metrics off; the script compares with "" (nil would not do)
      {"fpof", flag("fpof")},
      {"cpof", flag("cpof")},
      {"idof", flag("idof")},
      {"rdof", flag("rdof")},
  };
  auto reply = run_script(redis, Script::move_to_finished,
                          {k.key("wait"), k.key("active"), k.key("prioritized"), k.key("events"), k.key("stalled"),
                           k.key("limiter"), k.key("delayed"), k.key("paused"), k.key("meta"), k.key("pc"),
                           k.key(target), k.job_key(job.id), k.key("metrics:" + target), k.key("marker")},
                          {job.id, std::to_string(now_ms()), completed ? "returnvalue" : "failedReason",
                           finish.value, target, finish.fetch_next == FetchNext::yes ? "1" : "0", k.base(),
                           msgpack(options), fields_argument(finish.fields)});
  if (auto status = status_of(reply, "moveToFinished", job.id); !status) return status.error();
  return parse_fetch_result(reply->value());
}

jobkit::Status Queue::move_to_delayed(RedisConnection& redis, const JobRecord& job, const std::string& token,
                                            std::int64_t delay_ms, const nlohmann::json& fields) const {
  const auto& k = m_keys;
  auto reply = run_script(redis, Script::move_to_delayed,
                          {k.key("marker"), k.key("active"), k.key("prioritized"), k.key("delayed"),
                           k.job_key(job.id), k.key("events"), k.key("meta"), k.key("stalled"), k.key("wait"),
                           k.key("limiter"), k.key("pc")},
                          {k.base(), std::to_string(now_ms()), job.id, token, std::to_string(delay_ms), "0",
                           fields_argument(fields), "0", ""});
  return status_of(reply, "moveToDelayed", job.id);
}

jobkit::Status Queue::retry_now(RedisConnection& redis, const JobRecord& job, const std::string& token,
                                      const nlohmann::json& fields) const {
  const auto& k = m_keys;
  const bool lifo = option_flag(job.opts, "lifo");
  auto reply = run_script(redis, Script::retry_job,
                          {k.key("active"), k.key("wait"), k.key("paused"), k.job_key(job.id), k.key("meta"),
                           k.key("events"), k.key("delayed"), k.key("prioritized"), k.key("pc"), k.key("marker"),
                           k.key("stalled")},
                          {k.base(), std::to_string(now_ms()), lifo ? "RPUSH" : "LPUSH", job.id, token,
                           fields_argument(fields)});
  return status_of(reply, "retryJob", job.id);
}

jobkit::Status Queue::move_back_to_wait(RedisConnection& redis, const std::string& job_id,
                                              const std::string& token) const {
  const auto& k = m_keys;
  auto reply = run_script(redis, Script::move_job_from_active_to_wait,
                          {k.key("active"), k.key("wait"), k.key("stalled"), k.key("paused"), k.key("meta"),
                           k.key("limiter"), k.key("prioritized"), k.key("marker"), k.key("events")},
                          {job_id, token, k.job_key(job_id)});
  return status_of(reply, "moveJobFromActiveToWait", job_id);
}

jobkit::Result<std::vector<std::string>> Queue::extend_locks(RedisConnection& redis,
                                                                   const std::vector<std::string>& job_ids,
                                                                   const std::vector<std::string>& tokens,
                                                                   std::int64_t lock_duration_ms) const {
  auto reply = run_script(redis, Script::extend_locks, {m_keys.key("stalled")},
                          {m_keys.base(), msgpack(tokens), msgpack(job_ids), std::to_string(lock_duration_ms)});
  if (!reply) return reply.error();
  return strings_of(reply->value());
}

jobkit::Result<std::vector<std::string>> Queue::move_stalled_jobs_to_wait(RedisConnection& redis,
                                                                                std::int64_t max_stalled_count,
                                                                                std::int64_t stalled_interval_ms) const {
  const auto& k = m_keys;
  auto reply = run_script(redis, Script::move_stalled_jobs_to_wait,
                          {k.key("stalled"), k.key("wait"), k.key("active"), k.key("stalled-check"), k.key("meta"),
                           k.key("paused"), k.key("marker"), k.key("events"), k.key("repeat")},
                          {std::to_string(max_stalled_count), k.base(), std::to_string(now_ms()),
                           std::to_string(stalled_interval_ms)});
  if (!reply) return reply.error();
  return strings_of(reply->value());
}

jobkit::Status Queue::update_progress(RedisConnection& redis, const std::string& job_id,
                                            const std::string& progress_json) const {
  auto reply = run_script(redis, Script::update_progress,
                          {m_keys.job_key(job_id), m_keys.key("events"), m_keys.key("meta")}, {job_id, progress_json});
  return status_of(reply, "updateProgress", job_id);
}

jobkit::Status Queue::add_log(RedisConnection& redis, const JobRecord& job, const std::string& line) const {
  const auto keep_logs = job.opts.find("kl");
  const std::string keep = keep_logs != job.opts.end() && keep_logs->is_number() ? keep_logs->dump() : "";
  auto reply = run_script(redis, Script::add_log, {m_keys.job_key(job.id), m_keys.job_key(job.id) + ":logs"},
                          {job.id, line, keep == "0" ? "" : keep});
  return status_of(reply, "addLog", job.id);
}

jobkit::Result<std::string> Queue::add_job(RedisConnection& redis, const NewJob& job) const {
  if (auto checked = check_new_job_options(job.opts); !checked) return checked.error();
  const auto& k = m_keys;
  const nlohmann::json opts = stored_options(job.opts);
  const std::string custom_id = opts.contains("jobId") ? opts["jobId"].get<std::string>() : "";
  // As Queue.add: the producer's timestamp when it gives one.
  const std::int64_t timestamp = opts.value("timestamp", std::int64_t{0}) > 0 ? opts["timestamp"].get<std::int64_t>() : now_ms();
  const nlohmann::json arguments = {k.base(), custom_id, job.name, timestamp, nullptr, nullptr,
                                    nullptr,  nullptr,   nullptr,   nullptr};
  const std::vector<std::string> argv = {msgpack(arguments), job.data, msgpack(opts)};
  const std::int64_t delay = opts.value("delay", 0);
  const std::int64_t priority = opts.value("priority", 0);
  jobkit::Result<jobkit::RedisReply> reply =
      delay > 0 ? run_script(redis, Script::add_delayed_job,
                             {k.key("marker"), k.key("meta"), k.key("id"), k.key("delayed"), k.key("completed"),
                              k.key("events")},
                             argv)
      : priority > 0
          ? run_script(redis, Script::add_prioritized_job,
                       {k.key("marker"), k.key("meta"), k.key("id"), k.key("prioritized"), k.key("delayed"),
                        k.key("completed"), k.key("active"), k.key("events"), k.key("pc")},
                       argv)
          : run_script(redis, Script::add_standard_job,
                       {k.key("wait"), k.key("paused"), k.key("meta"), k.key("id"), k.key("completed"),
                        k.key("delayed"), k.key("active"), k.key("events"), k.key("marker")},
                       argv);
  if (auto status = status_of(reply, "addJob", custom_id); !status) return status.error();
  const auto value = reply->value();
  return value.is_integer() ? std::to_string(value.integer()) : std::string(value.text());
}

namespace {

// BullMQ's updateJobScheduler, as its Worker calls it with the job that just started (the
// script adds the next iteration only when that job is the scheduler's current one).
// `next_millis` is "" for `every` schedulers, whose next slot the script computes.
jobkit::Result<std::optional<std::string>> update_job_scheduler(RedisConnection& redis, const QueueKeys& k,
                                                                const JobRecord& job, const std::string& next_millis,
                                                                const nlohmann::json& opts, std::int64_t now) {
  auto reply = run_script(redis, Script::update_job_scheduler,
                          {k.key("repeat"), k.key("delayed"), k.key("wait"), k.key("paused"), k.key("meta"),
                           k.key("prioritized"), k.key("marker"), k.key("id"), k.key("events"), k.key("pc"),
                           k.job_key(job.id), k.key("active")},
                          {next_millis, *job.scheduler_id, job.data, msgpack(opts), std::to_string(now), k.base(), job.id});
  if (!reply) return reply.error();
  const auto value = reply->value();
  if (value.is_string()) return std::optional<std::string>(std::string(value.text()));
  return std::optional<std::string>();
}

// The number the scheduler's next iteration gets; nullopt once its limit is reached.
std::optional<std::int64_t> next_iteration_count(const nlohmann::json& repeat) {
  const std::int64_t count = repeat.value("count", 0) + 1;
  if (repeat.contains("limit") && repeat["limit"].is_number() && count > repeat["limit"].get<std::int64_t>()) {
    return std::nullopt;
  }
  return count;
}

}  // namespace

jobkit::Result<std::optional<std::string>> Queue::add_next_scheduler_iteration(RedisConnection& redis,
                                                                                     const JobRecord& job) const {
  const auto& k = m_keys;
  nlohmann::json opts = job.opts;
  nlohmann::json repeat = opts.value("repeat", nlohmann::json::object());
  const auto count = next_iteration_count(repeat);
  if (!count) return std::optional<std::string>();
  const std::int64_t now = std::max(now_ms(), opts.value("prevMillis", std::int64_t{0}));
  if (repeat.contains("endDate") && repeat["endDate"].is_number() && repeat["endDate"].get<std::int64_t>() < now) {
    return std::optional<std::string>();
  }
  repeat["count"] = *count;
  repeat.erase("immediately");
  opts["repeat"] = repeat;
  opts["timestamp"] = now;
  opts["repeatJobKey"] = *job.scheduler_id;
  opts.erase("jobId");  // the script derives the iteration's id and delay itself for `every`
  opts.erase("delay");
  opts.erase("prevMillis");
  return update_job_scheduler(redis, k, job, "", opts, now);
}

jobkit::Result<std::optional<std::string>> Queue::add_next_pattern_iteration(RedisConnection& redis,
                                                                                   const JobRecord& job) const {
  nlohmann::json repeat = job.opts.value("repeat", nlohmann::json::object());
  const auto end_date = repeat.find("endDate");
  const std::int64_t wall_clock_now = now_ms();
  const auto count = next_iteration_count(repeat);
  if (!count || (end_date != repeat.end() && end_date->is_number() && wall_clock_now > end_date->get<std::int64_t>())) {
    return std::optional<std::string>();
  }
  const std::int64_t now = std::max(wall_clock_now, job.opts.value("prevMillis", std::int64_t{0}));
  auto next = next_pattern_millis(repeat, now, now_ms());
  if (!next) return next.error();
  if (!next.value()) return std::optional<std::string>();
  const std::int64_t next_millis = *next.value();
  repeat.erase("immediately");
  repeat.erase("offset");  // BullMQ sends null, which the script drops
  repeat["count"] = *count;
  nlohmann::json opts = job.opts;
  const std::int64_t timestamp = now_ms();
  opts["repeat"] = repeat;
  opts["jobId"] = "repeat:" + *job.scheduler_id + ":" + std::to_string(next_millis);
  opts["delay"] = std::max<std::int64_t>(0, next_millis - timestamp);
  opts["timestamp"] = timestamp;
  opts["prevMillis"] = next_millis;
  opts["repeatJobKey"] = *job.scheduler_id;
  return update_job_scheduler(redis, m_keys, job, std::to_string(next_millis), opts, now_ms());
}

jobkit::Result<bool> Queue::remove_job(RedisConnection& redis, const std::string& job_id) const {
  auto reply = run_script(redis, Script::remove_job, {m_keys.job_key(job_id), m_keys.key("repeat")},
                          {job_id, "0", m_keys.base()});
  if (!reply) return reply.error();
  return reply->value().is_integer() && reply->value().integer() == 1;
}

jobkit::Result<std::vector<std::string>> Queue::clean_jobs(RedisConnection& redis, const std::string& state,
                                                          std::int64_t timestamp_ms, std::int64_t limit) const {
  auto reply = run_script(redis, Script::clean_jobs_in_set, {m_keys.key(state), m_keys.key("events"), m_keys.key("repeat")},
                          {m_keys.base(), std::to_string(timestamp_ms), std::to_string(limit), state});
  if (!reply) return reply.error();
  std::vector<std::string> ids;
  const auto value = reply->value();
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.at(i).is_string()) ids.emplace_back(value.at(i).text());
  }
  return ids;
}

jobkit::Result<std::vector<std::int64_t>> Queue::get_counts(RedisConnection& redis,
                                                                  const std::vector<std::string>& states) const {
  auto reply = run_script(redis, Script::get_counts, {m_keys.base()}, states);
  if (!reply) return reply.error();
  std::vector<std::int64_t> counts;
  const auto value = reply->value();
  for (std::size_t i = 0; i < value.size(); ++i) counts.push_back(value.at(i).is_integer() ? value.at(i).integer() : 0);
  return counts;
}

jobkit::Result<std::optional<JobRecord>> Queue::find_active_job_locked_by(RedisConnection& redis,
                                                                         const std::string& token,
                                                                         const std::string& except_id) const {
  auto active = redis.command({"LRANGE", m_keys.key("active"), "0", "-1"});
  if (!active) return active.error();
  for (std::size_t i = 0; i < active->value().size(); ++i) {
    const std::string id(active->value().at(i).text());
    if (id == except_id) continue;
    auto lock = redis.command({"GET", m_keys.job_key(id) + ":lock"});
    if (!lock) return lock.error();
    if (!lock->value().is_string() || lock->value().text() != token) continue;
    auto hash = redis.command({"HGETALL", m_keys.job_key(id)});
    if (!hash) return hash.error();
    return std::optional<JobRecord>(parse_job_record(id, hash->value()));
  }
  return std::optional<JobRecord>();
}

jobkit::Status Queue::wait_for_marker(RedisConnection& redis, double seconds) const {
  auto reply = redis.command({"BZPOPMIN", m_keys.key("marker"), fmt::format("{:.3f}", seconds)});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

jobkit::Status Queue::name_worker_connection(RedisConnection& redis, const WorkerIdentity& worker) const {
  auto reply = redis.command({"CLIENT", "SETNAME", worker_connection_name(m_keys, worker.name)});
  if (!reply) return reply.error();
  return jobkit::Done{};
}

jobkit::Result<std::optional<std::string>> Queue::stored_version(RedisConnection& redis) const {
  auto reply = redis.command({"HGET", m_keys.key("meta"), "version"});
  if (!reply) return reply.error();
  if (!reply->value().is_string()) return std::optional<std::string>();
  std::string_view version = reply->value().text();
  if (version.starts_with("bullmq:")) version.remove_prefix(7);
  return std::optional<std::string>(std::string(version));
}

jobkit::Result<std::int64_t> Queue::skipped_cron_schedulers(RedisConnection& redis) const {
  auto reply = redis.command({"HGET", m_keys.key(k_runner_stats), "cron_schedulers_skipped"});
  if (!reply) return reply.error();
  if (!reply->value().is_string()) return std::int64_t{0};
  return jobkit::parse_whole_number<std::int64_t>(reply->value().text()).value_or(0);
}

}  // namespace bullmq
