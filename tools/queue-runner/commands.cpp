// run, check, add and stats.
#include "commands.hpp"

#include <cstdio>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "bullmq/dead_letters.hpp"
#include "bullmq/job_options.hpp"
#include "bullmq/queue.hpp"
#include "command_context.hpp"
#include "runner.hpp"

namespace queue_runner {
namespace {

const std::vector<std::string> k_states = {"wait",      "active", "delayed",  "prioritized",
                                           "paused",    "completed", "failed", "waiting-children"};

}  // namespace

jobkit::ExitCode run_command(const CommandLine& line) {
  auto config = read_runner_config(line.config_path, jobkit::process_environment(),
                                   line.skip_missing_tools ? MissingPrograms::skip : MissingPrograms::refuse);
  if (!config) return report(config.error());
  for (const auto& skipped : config->skipped) {
    spdlog::warn("not serving queue {}: program {} does not exist", skipped.queue, skipped.program);
  }
  if (!line.redis_url.empty()) config->redis_url = line.redis_url;
  if (!line.prefix.empty()) config->prefix = line.prefix;
  return run_queues(config.value(), line.prune_schedules ? PruneSchedules::yes : PruneSchedules::no);
}

jobkit::ExitCode check_command(const CommandLine& line) {
  auto config = read_runner_config(line.config_path, jobkit::process_environment());
  if (!config) return report(config.error());
  for (const auto& queue : config->queues) {
    print_line(fmt::format("{}: {} (concurrency {}, timeout {} ms, attempts {})", queue.name,
                           fmt::join(queue.command, " "), queue.concurrency, queue.timeout_ms, queue.default_attempts));
  }
  for (const auto& schedule : config->schedules) print_line(describe_schedule(schedule));
  print_line(fmt::format("{}: configuration is valid", line.config_path));
  return jobkit::ExitCode::ok;
}

jobkit::ExitCode add_command(const CommandLine& line) {
  auto options = nlohmann::json::parse(line.opts_json, nullptr, false);
  if (!options.is_object()) {
    return report(jobkit::JobError::make(jobkit::ExitCode::usage, "--opts must be a JSON object", "--opts"));
  }
  if (auto checked = bullmq::check_options_for_add(options); !checked) return report(checked.error());
  if (!bullmq::is_valid_queue_name(line.queue)) {
    return report(jobkit::JobError::make(jobkit::ExitCode::usage, "QUEUE must be non-empty and hold no ':'"));
  }
  auto data = read_job_data(line.data_file);
  if (!data) return report(data.error());
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  const bullmq::Queue queue(context->prefix, line.queue);
  auto id = queue.add_job(context->redis, {line.name, data.value(), options});
  if (!id) return report(id.error());
  print_line(id.value());
  return jobkit::ExitCode::ok;
}

jobkit::ExitCode stats_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  std::vector<std::string> names;
  std::set<std::string> dead_letter_queues;
  if (context->config) {
    for (const auto& queue : context->config->queues) {
      names.push_back(queue.name);
      dead_letter_queues.insert(queue.dead_letter_queue);
    }
  }
  if (!line.queue.empty()) names = {line.queue};
  if (dead_letter_queues.empty()) dead_letter_queues.insert(line.dead_letter_queue);
  if (names.empty()) {
    return report(jobkit::JobError::make(jobkit::ExitCode::usage, "name a queue with --queue or give --config"));
  }
  nlohmann::json all = nlohmann::json::object();
  for (const auto& name : names) {
    const bullmq::Queue queue(context->prefix, name);
    auto counts = queue.get_counts(context->redis, k_states);
    if (!counts) return report(counts.error());
    auto& entry = all["queues"][name];
    for (std::size_t i = 0; i < k_states.size(); ++i) entry[k_states[i]] = counts.value()[i];
    auto skipped = queue.skipped_cron_schedulers(context->redis);
    entry["cron_schedulers_skipped"] = skipped ? skipped.value() : 0;
  }
  for (const auto& name : dead_letter_queues) {
    auto waiting = bullmq::DeadLetterQueue(context->prefix, name).count(context->redis);
    all["dead_letters"][name] = waiting ? waiting.value() : 0;
  }
  if (line.json) {
    print_line(all.dump());
    return jobkit::ExitCode::ok;
  }
  print_line(fmt::format("{:<16} {:>8} {:>7} {:>8} {:>11} {:>7} {:>10} {:>7} {:>12}", "queue", "waiting", "active",
                         "delayed", "prioritized", "paused", "completed", "failed", "cron-skipped"));
  for (const auto& [name, entry] : all["queues"].items()) {
    print_line(fmt::format("{:<16} {:>8} {:>7} {:>8} {:>11} {:>7} {:>10} {:>7} {:>12}", name, entry["wait"].get<long long>(),
                           entry["active"].get<long long>(), entry["delayed"].get<long long>(),
                           entry["prioritized"].get<long long>(), entry["paused"].get<long long>(),
                           entry["completed"].get<long long>(), entry["failed"].get<long long>(),
                           entry["cron_schedulers_skipped"].get<long long>()));
  }
  for (const auto& [name, count] : all["dead_letters"].items()) {
    print_line(fmt::format("dead letters in {}: {}", name, count.get<long long>()));
  }
  return jobkit::ExitCode::ok;
}

}  // namespace queue_runner
