#include "bullmq/pattern_strategy.hpp"

#include "cron_pattern.hpp"
#include "cron_schedule.hpp"
#include "time_zone.hpp"

namespace bullmq {
namespace {

std::optional<std::int64_t> millis_field(const nlohmann::json& repeat, const char* name) {
  const auto it = repeat.find(name);
  if (it == repeat.end() || !it->is_number()) return std::nullopt;
  return it->get<std::int64_t>();
}

}  // namespace

jobkit::Result<std::optional<std::int64_t>> next_pattern_millis(const nlohmann::json& repeat, std::int64_t now,
                                                                std::int64_t wall_clock_now) {
  namespace cron = jobkit::cron;
  const auto pattern_it = repeat.find("pattern");
  if (pattern_it == repeat.end() || !pattern_it->is_string()) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "the scheduler's pattern is not a string",
                                  "/repeat/pattern");
  }
  auto pattern = cron::parse_cron_pattern(pattern_it->get<std::string>());
  if (!pattern) return jobkit::JobError::make(pattern.error().exit_code, pattern.error().message, "/repeat/pattern");
  cron::TimeZone zone = cron::TimeZone::system_default();
  if (const auto tz = repeat.find("tz"); tz != repeat.end() && tz->is_string() && !tz->get<std::string>().empty()) {
    auto named = cron::TimeZone::load(tz->get<std::string>());
    if (!named) return jobkit::JobError::make(named.error().exit_code, named.error().message, "/repeat/tz");
    zone = std::move(named.value());
  }
  cron::ScheduleOptions options;
  options.start_ms = millis_field(repeat, "startDate");
  options.end_ms = millis_field(repeat, "endDate");
  options.current_ms = options.start_ms && *options.start_ms > now ? *options.start_ms : now;
  if (repeat.value("immediately", false)) return std::optional<std::int64_t>(std::max(wall_clock_now, now));
  cron::CronSchedule schedule(std::move(pattern.value()), std::move(zone), options);
  auto next = schedule.next();
  if (!next) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(std::max(next.value(), now));
}

}  // namespace bullmq
