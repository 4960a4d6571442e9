// Checking schedule entries as strictly as Queue.upsertJobScheduler would, but at start-up
// and with the field named, so a typo stops the runner instead of silently never firing.
#include "schedule_config.hpp"

#include <limits>

#include <fmt/format.h>

#include "config.hpp"
#include "cron_pattern.hpp"
#include "duration.hpp"
#include "time_zone.hpp"

namespace queue_runner {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

constexpr std::size_t k_max_schedules = 1000;
constexpr std::int64_t k_max_every_ms = 366LL * 24 * 3600 * 1000;

// removeOnComplete / removeOnFail: true, false, a count, or {age, count}.
void check_retention(const JsonField& field) {
  if (!field.present()) return;
  const auto& value = field.json();
  if (value.is_boolean()) return;
  if (value.is_number_integer()) {
    field.as_integer({0, std::numeric_limits<std::int64_t>::max()});
    return;
  }
  auto object = field.as_object();
  object.optional("age").as_integer({0, std::numeric_limits<std::int64_t>::max()});
  object.optional("count").as_integer({0, std::numeric_limits<std::int64_t>::max()});
}

// The job options an iteration may carry. Id, delay and repeat are the scheduler's own.
nlohmann::json read_template_options(const JsonField& field) {
  if (!field.present()) return nlohmann::json::object();
  auto object = field.as_object();
  nlohmann::json opts = nlohmann::json::object();
  if (const auto attempts = object.optional("attempts"); attempts.present()) {
    opts["attempts"] = attempts.as_integer({1, 1000});
  }
  if (const auto priority = object.optional("priority"); priority.present()) {
    opts["priority"] = priority.as_integer({0, 2097152});
  }
  if (const auto backoff = read_backoff(object.optional("backoff"))) opts["backoff"] = *backoff;
  if (const auto keep_logs = object.optional("keepLogs"); keep_logs.present()) {
    opts["keepLogs"] = keep_logs.as_integer({0, 1000000});
  }
  for (const char* name : {"removeOnComplete", "removeOnFail"}) {
    const auto retention = object.optional(name);
    check_retention(retention);
    if (retention.present()) opts[name] = retention.json();
  }
  return opts;
}

std::optional<std::int64_t> read_every(const JsonField& field) {
  if (!field.present()) return std::nullopt;
  if (field.json().is_string()) {
    const auto parsed = parse_duration_ms(field.json().get<std::string>());
    if (!parsed || *parsed < 1 || *parsed > k_max_every_ms) {
      field.reject("must be a duration such as 90s, 15m or 12h (at most a year), or milliseconds");
      return std::nullopt;
    }
    return parsed;
  }
  return field.as_integer({1, k_max_every_ms});
}

void check_pattern(const JsonField& field, const std::string& pattern) {
  if (auto parsed = jobkit::cron::parse_cron_pattern(pattern); !parsed) field.reject(parsed.error().message);
}

ScheduleConfig read_schedule(const JsonField& field, const std::set<std::string>& queues) {
  auto object = field.as_object();
  ScheduleConfig entry;
  auto& scheduler = entry.scheduler;
  // The id becomes part of Redis keys and iteration ids ("repeat:<id>:<millis>").
  const auto id = object.required("id");
  scheduler.id = id.as_string({.min_length = 1, .max_length = 200});
  if (scheduler.id.find_first_of(" \t\r\n") != std::string::npos) id.reject("must not contain white space");
  const auto queue = object.required("queue");
  entry.queue = queue.as_string({.min_length = 1, .max_length = 200});
  if (queue.present() && queue.json().is_string() && !queues.contains(entry.queue)) {
    queue.reject(fmt::format("names no queue of this configuration (\"{}\")", entry.queue));
  }
  const auto pattern = object.optional("pattern");
  const auto every = object.optional("every");
  if (pattern.present() && every.present()) field.reject("has both pattern and every; give one");
  if (!pattern.present() && !every.present()) field.reject("needs a pattern (cron) or every (interval)");
  if (pattern.present()) {
    scheduler.pattern = pattern.as_string({.min_length = 1, .max_length = 500});
    if (pattern.json().is_string()) check_pattern(pattern, *scheduler.pattern);
  }
  scheduler.every_ms = read_every(every);
  if (const auto tz = object.optional("tz"); tz.present()) {
    scheduler.tz = tz.as_string({.min_length = 1, .max_length = 100});
    if (tz.json().is_string()) {
      if (auto zone = jobkit::cron::TimeZone::load(*scheduler.tz); !zone) tz.reject(zone.error().message);
    }
  }
  scheduler.name = object.optional("name").string_or(scheduler.id, {.min_length = 1, .max_length = 200});
  if (const auto data = object.optional("data"); data.present()) {
    if (data.json().is_object()) scheduler.data = data.json().dump();
    else data.reject("must be an object (the job's data)");
  }
  scheduler.opts = read_template_options(object.optional("opts"));
  return entry;
}

}  // namespace

std::vector<ScheduleConfig> read_schedules(const JsonField& field, const std::set<std::string>& queues) {
  std::vector<ScheduleConfig> schedules;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& item : field.as_array(k_max_schedules)) {
    ScheduleConfig entry = read_schedule(item, queues);
    if (!seen.insert({entry.queue, entry.scheduler.id}).second) {
      item.reject(fmt::format("repeats the id \"{}\" on queue {}", entry.scheduler.id, entry.queue));
    }
    schedules.push_back(std::move(entry));
  }
  return schedules;
}

std::string describe_schedule(const ScheduleConfig& schedule) {
  const auto& scheduler = schedule.scheduler;
  const std::string rule = scheduler.pattern ? *scheduler.pattern : fmt::format("every {} ms", scheduler.every_ms.value_or(0));
  return fmt::format("schedule {}/{}: {}{}, job {}", schedule.queue, scheduler.id, rule,
                     scheduler.tz ? " " + *scheduler.tz : std::string(), scheduler.name);
}

}  // namespace queue_runner
