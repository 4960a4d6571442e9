#include "bullmq/job_schedulers.hpp"

#include <map>

#include "cron_pattern.hpp"
#include "cron_schedule.hpp"
#include "jobkit/whole_number.hpp"

namespace bullmq {
namespace {

std::optional<std::int64_t> whole_field(const std::map<std::string, std::string>& fields, const char* name) {
  const auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return jobkit::parse_whole_number<std::int64_t>(it->second);
}

std::optional<std::string> text_field(const std::map<std::string, std::string>& fields, const char* name) {
  const auto it = fields.find(name);
  if (it == fields.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

jobkit::Result<std::vector<JobSchedulerInfo>> list_job_schedulers(jobkit::RedisConnection& redis, const QueueKeys& keys) {
  auto ids = redis.command({"ZRANGE", keys.key("repeat"), "0", "-1", "WITHSCORES"});
  if (!ids) return ids.error();
  std::vector<JobSchedulerInfo> schedulers;
  const auto list = ids->value();
  for (std::size_t i = 0; i + 1 < list.size(); i += 2) {
    JobSchedulerInfo info;
    info.id = std::string(list.at(i).text());
    info.next_ms = jobkit::parse_whole_number<std::int64_t>(list.at(i + 1).text()).value_or(0);
    auto hash = redis.command({"HGETALL", keys.key("repeat") + ":" + info.id});
    if (!hash) return hash.error();
    std::map<std::string, std::string> fields;
    const auto pairs = hash->value();
    for (std::size_t j = 0; j + 1 < pairs.size(); j += 2) {
      fields[std::string(pairs.at(j).text())] = std::string(pairs.at(j + 1).text());
    }
    info.name = text_field(fields, "name").value_or("");
    info.pattern = text_field(fields, "pattern");
    info.every_ms = whole_field(fields, "every");
    info.tz = text_field(fields, "tz");
    info.start_date_ms = whole_field(fields, "startDate");
    info.end_date_ms = whole_field(fields, "endDate");
    info.limit = whole_field(fields, "limit");
    info.iteration_count = whole_field(fields, "ic");
    schedulers.push_back(std::move(info));
  }
  return schedulers;
}

jobkit::Result<std::vector<std::int64_t>> upcoming_runs(const JobSchedulerInfo& scheduler, std::size_t count) {
  std::vector<std::int64_t> runs{scheduler.next_ms};
  if (scheduler.every_ms && *scheduler.every_ms > 0) {
    while (runs.size() < count) runs.push_back(runs.back() + *scheduler.every_ms);
    return runs;
  }
  if (!scheduler.pattern) return runs;
  auto pattern = jobkit::cron::parse_cron_pattern(*scheduler.pattern);
  if (!pattern) return pattern.error();
  auto zone = scheduler.tz ? jobkit::cron::TimeZone::load(*scheduler.tz) : jobkit::cron::TimeZone::system_default();
  if (!zone) return zone.error();
  jobkit::cron::CronSchedule schedule(std::move(pattern.value()), std::move(zone.value()),
                                      {.current_ms = scheduler.next_ms, .start_ms = scheduler.start_date_ms,
                                       .end_ms = scheduler.end_date_ms});
  while (runs.size() < count) {
    auto next = schedule.next();
    if (!next) break;
    runs.push_back(next.value());
  }
  return runs;
}

}  // namespace bullmq
