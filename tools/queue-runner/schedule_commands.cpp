// schedules list: every job scheduler in Redis on the named queues (those the Node app made
// too), with its next three run times on the wall clock of its zone. schedules prune: the
// config's deleted entries removed. schedules import-crontab: crontab lines as entries.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <iostream>

#include "bullmq/job_schedulers.hpp"
#include "bullmq/keys.hpp"
#include "command_context.hpp"
#include "commands.hpp"
#include "crontab_import.hpp"
#include "jobkit/job_input.hpp"
#include "schedule_sync.hpp"
#include "time_zone.hpp"
#include "wall_clock.hpp"

namespace queue_runner {
namespace {

constexpr std::size_t k_listed_runs = 3;

nlohmann::json describe_scheduler(const std::string& queue, const bullmq::JobSchedulerInfo& scheduler) {
  nlohmann::json entry = {{"queue", queue}, {"id", scheduler.id}, {"name", scheduler.name}};
  if (scheduler.pattern) entry["pattern"] = *scheduler.pattern;
  if (scheduler.every_ms) entry["every"] = *scheduler.every_ms;
  if (scheduler.tz) entry["tz"] = *scheduler.tz;
  if (scheduler.iteration_count) entry["iterations"] = *scheduler.iteration_count;
  auto zone = scheduler.tz ? jobkit::cron::TimeZone::load(*scheduler.tz) : jobkit::cron::TimeZone::system_default();
  auto runs = bullmq::upcoming_runs(scheduler, k_listed_runs);
  if (!zone || !runs) {
    entry["error"] = !zone ? zone.error().message : runs.error().message;
    entry["next"] = nlohmann::json::array({scheduler.next_ms});
    return entry;
  }
  entry["next"] = runs.value();
  entry["next_local"] = nlohmann::json::array();
  for (auto run : runs.value()) entry["next_local"].push_back(jobkit::cron::local_time_text(zone.value(), run));
  return entry;
}

}  // namespace

jobkit::ExitCode schedules_list_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  std::vector<std::string> names;
  if (context->config) {
    for (const auto& queue : context->config->queues) names.push_back(queue.name);
  }
  if (!line.queue.empty()) names = {line.queue};
  if (names.empty()) {
    return report(jobkit::JobError::make(jobkit::ExitCode::usage, "name a queue with --queue or give --config"));
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& name : names) {
    auto schedulers = bullmq::list_job_schedulers(context->redis, bullmq::QueueKeys{context->prefix, name});
    if (!schedulers) return report(schedulers.error());
    for (const auto& scheduler : schedulers.value()) all.push_back(describe_scheduler(name, scheduler));
  }
  if (line.json) {
    print_line(all.dump());
    return jobkit::ExitCode::ok;
  }
  for (const auto& entry : all) {
    const std::string rule = entry.contains("pattern") ? entry["pattern"].get<std::string>()
                                                       : fmt::format("every {} ms", entry.value("every", 0LL));
    print_line(fmt::format("{}/{} ({}): {} {}", entry["queue"].get<std::string>(), entry["id"].get<std::string>(),
                           entry["name"].get<std::string>(), rule, entry.value("tz", std::string())));
    if (entry.contains("error")) print_line(fmt::format("  cannot compute the runs after the next: {}", entry["error"].get<std::string>()));
    for (const auto& run : entry.value("next_local", nlohmann::json::array())) print_line("  " + run.get<std::string>());
  }
  return jobkit::ExitCode::ok;
}

jobkit::ExitCode schedules_prune_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  auto pruned = find_stale_schedules(context->redis, *context->config, PruneSchedules::yes);
  if (!pruned) return report(pruned.error());
  for (const auto& name : pruned->removed) print_line(fmt::format("removed {}", name));
  if (pruned->removed.empty()) print_line("no schedule to remove: Redis holds none that an earlier config made");
  return jobkit::ExitCode::ok;
}

namespace {

// The tool-to-queue map: the config's, where it gives one, over the design's.
jobkit::Result<std::map<std::string, std::string>> tool_queues_for(const CommandLine& line) {
  auto map = default_tool_queues();
  if (line.config_path.empty()) return map;
  auto config = read_runner_config(line.config_path, jobkit::process_environment(), MissingPrograms::skip);
  if (!config) return config.error();
  std::map<std::string, std::string> configured;
  for (const auto& queue : config->queues) {
    const std::string tool = std::filesystem::path(queue.command.front()).filename().string();
    // A tool serving several queues (send-notification: notifications and reminders) keeps
    // the design's queue when that is one of them.
    if (!configured.contains(tool) || map[tool] == queue.name) configured[tool] = queue.name;
  }
  return configured;
}

}  // namespace

jobkit::ExitCode schedules_import_crontab_command(const CommandLine& line) {
  auto tool_queues = tool_queues_for(line);
  if (!tool_queues) return report(tool_queues.error());
  CrontabImportOptions options{.tool_queues = std::move(tool_queues.value()), .tz = std::nullopt};
  if (!line.tz.empty()) {
    if (auto zone = jobkit::cron::TimeZone::load(line.tz); !zone) {
      return report(jobkit::JobError::make(jobkit::ExitCode::usage, zone.error().message, "--tz"));
    }
    options.tz = line.tz;
  } else {
    options.tz = host_zone_name();
  }
  auto text = line.crontab_file == "-" ? jobkit::read_job_text(0, {}) : jobkit::read_job_file(line.crontab_file, {});
  if (!text) return report(text.error());
  const CrontabImport imported = import_crontab(text.value(), options);
  print_line(imported.entries.dump(2));
  if (!options.tz) std::cerr << "note: the host's zone is unknown and no --tz was given: entries run in each runner's zone\n";
  for (const auto& note : imported.notes) std::cerr << "note: " << note << '\n';
  for (const auto& refused : imported.refused) std::cerr << "not mapped: " << refused << '\n';
  return jobkit::ExitCode::ok;
}

}  // namespace queue_runner
