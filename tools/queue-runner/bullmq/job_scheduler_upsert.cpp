// The arguments bullmq 6.7.0's JobScheduler.upsertJobScheduler (with override, as
// Queue.upsertJobScheduler calls it) and its Redis backend build for addJobScheduler.
#include "bullmq/job_scheduler_upsert.hpp"

#include <map>

#include <fmt/format.h>

#include "bullmq/msgpack.hpp"
#include "bullmq/pattern_strategy.hpp"
#include "bullmq/queue.hpp"
#include "bullmq/scripts.hpp"

namespace bullmq {
namespace {

// The addJobScheduler script's answer when the pattern's next iteration id already belongs
// to a job that is running or finished.
constexpr std::int64_t k_scheduler_job_id_collision = -10;

// BullMQ stores a few options under short names (its optsEncodeMap); the rest as given.
nlohmann::json stored_option_names(const nlohmann::json& opts) {
  static const std::pair<const char*, const char*> k_short_names[] = {
      {"deduplication", "de"},         {"failParentOnFailure", "fpof"},       {"continueParentOnFailure", "cpof"},
      {"ignoreDependencyOnFailure", "idof"}, {"keepLogs", "kl"},          {"removeDependencyOnFailure", "rdof"},
  };
  nlohmann::json stored = nlohmann::json::object();
  for (const auto& [name, value] : opts.items()) {
    std::string key = name;
    for (const auto& [long_name, short_name] : k_short_names) {
      if (name == long_name) key = short_name;
    }
    stored[key] = value;
  }
  return stored;
}

// The first iteration's options (getNextJobOpts with count 1). For `every` the script
// derives the id and the delay itself, and BullMQ sends no prevMillis.
nlohmann::json first_iteration_options(const JobSchedulerTemplate& scheduler, std::optional<std::int64_t> next_millis) {
  nlohmann::json repeat = nlohmann::json::object();
  if (scheduler.pattern) repeat["pattern"] = *scheduler.pattern;
  if (scheduler.every_ms) repeat["every"] = *scheduler.every_ms;
  if (scheduler.tz) repeat["tz"] = *scheduler.tz;
  repeat["count"] = 1;
  nlohmann::json opts = scheduler.opts.is_object() ? scheduler.opts : nlohmann::json::object();
  const std::int64_t timestamp = now_ms();
  opts["repeat"] = repeat;
  opts["timestamp"] = timestamp;
  opts["repeatJobKey"] = scheduler.id;
  if (next_millis) {
    opts["jobId"] = fmt::format("repeat:{}:{}", scheduler.id, *next_millis);
    opts["delay"] = std::max<std::int64_t>(0, *next_millis - timestamp);
    opts["prevMillis"] = *next_millis;
  }
  return stored_option_names(opts);
}

nlohmann::json scheduler_options(const JobSchedulerTemplate& scheduler) {
  nlohmann::json options = {{"name", scheduler.name}};
  if (scheduler.tz) options["tz"] = *scheduler.tz;
  if (scheduler.pattern) options["pattern"] = *scheduler.pattern;
  if (scheduler.every_ms) options["every"] = *scheduler.every_ms;
  return options;
}

}  // namespace

jobkit::Result<UpsertedScheduler> upsert_job_scheduler(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                                       const JobSchedulerTemplate& scheduler) {
  if (scheduler.pattern.has_value() == scheduler.every_ms.has_value()) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                  fmt::format("job scheduler {} needs exactly one of pattern and every", scheduler.id));
  }
  std::optional<std::int64_t> next_millis;
  if (scheduler.pattern) {
    nlohmann::json repeat = {{"pattern", *scheduler.pattern}};
    if (scheduler.tz) repeat["tz"] = *scheduler.tz;
    const std::int64_t now = now_ms();
    auto next = next_pattern_millis(repeat, now, now);
    if (!next) return next.error();
    // BullMQ makes nothing when the pattern has no further instant.
    if (!next.value()) return UpsertedScheduler{};
    next_millis = *next.value();
  }
  const auto& k = keys;
  auto reply = run_script(redis, Script::add_job_scheduler,
                          {k.key("repeat"), k.key("delayed"), k.key("wait"), k.key("paused"), k.key("meta"),
                           k.key("prioritized"), k.key("marker"), k.key("id"), k.key("events"), k.key("pc"),
                           k.key("active")},
                          {next_millis ? std::to_string(*next_millis) : std::string(), msgpack(scheduler_options(scheduler)),
                           scheduler.id, scheduler.data, msgpack(stored_option_names(scheduler.opts)),
                           msgpack(first_iteration_options(scheduler, next_millis)), std::to_string(now_ms()), k.base(),
                           ""});
  if (!reply) return reply.error();
  const auto value = reply->value();
  if (value.is_integer() && value.integer() == k_scheduler_job_id_collision) {
    return UpsertedScheduler{.job_id = std::nullopt, .delay_ms = 0, .iteration_running = true};
  }
  if (value.is_integer()) {
    return jobkit::JobError::make(jobkit::ExitCode::temporary,
                                  fmt::format("addJobScheduler for {} failed with BullMQ error code {}", scheduler.id,
                                              value.integer()));
  }
  UpsertedScheduler upserted;
  upserted.job_id = std::string(value.at(0).text());
  if (value.size() > 1 && value.at(1).is_integer()) upserted.delay_ms = value.at(1).integer();
  return upserted;
}

jobkit::Result<bool> job_scheduler_matches(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                           const JobSchedulerTemplate& scheduler) {
  auto reply = redis.command({"HGETALL", keys.key("repeat") + ":" + scheduler.id});
  if (!reply) return reply.error();
  std::map<std::string, std::string, std::less<>> stored;
  const auto value = reply->value();
  for (std::size_t i = 0; i + 1 < value.size(); i += 2) stored[std::string(value.at(i).text())] = value.at(i + 1).text();
  if (stored.empty()) return false;
  const auto field = [&](std::string_view name) -> std::optional<std::string> {
    const auto found = stored.find(name);
    return found == stored.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
  const auto json_field = [&](std::string_view name) {
    const auto text = field(name);
    return text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json::object();
  };
  const std::optional<std::string> every =
      scheduler.every_ms ? std::optional<std::string>(std::to_string(*scheduler.every_ms)) : std::nullopt;
  return field("name") == scheduler.name && field("pattern") == scheduler.pattern && field("every") == every &&
         field("tz") == scheduler.tz && !field("limit") && !field("startDate") && !field("endDate") &&
         json_field("data") == nlohmann::json::parse(scheduler.data, nullptr, false) &&
         json_field("opts") == stored_option_names(scheduler.opts);
}

jobkit::Result<bool> remove_job_scheduler(jobkit::RedisConnection& redis, const QueueKeys& keys, const std::string& id) {
  auto reply = run_script(redis, Script::remove_job_scheduler, {keys.key("repeat"), keys.key("delayed"), keys.key("events")},
                          {id, keys.base()});
  if (!reply) return reply.error();
  return reply->value().is_integer() && reply->value().integer() == 0;
}

}  // namespace bullmq
