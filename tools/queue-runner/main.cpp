// queue-runner: arguments only; each subcommand is a function in commands.hpp.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "command_context.hpp"
#include "commands.hpp"
#include "jobkit/file_descriptor.hpp"
#include "jobkit/logging.hpp"
#include "jobkit/version.hpp"

int main(int argc, char** argv) {
  using queue_runner::CommandLine;
  std::signal(SIGPIPE, SIG_IGN);  // a tool that closes stdin early must not kill the runner
  jobkit::reserve_standard_descriptors();
  jobkit::configure_logging({.program = "queue-runner"});  // stderr, also for --help's write errors
  CLI::App app("BullMQ worker that runs jobkit tools, with retries, dead letters and follow-up jobs.", "queue-runner");
  app.set_version_flag("--version", std::string("queue-runner (jobkit) ") + jobkit::k_version);
  app.require_subcommand(1);
  CommandLine line;
  std::string log_level = "info", log_format = "text";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-format", log_format, "text or json")->check(CLI::IsMember({"text", "json"}));
  // The two options above are every command's: taken before or after the subcommand.
  app.fallthrough();
  const auto connection = [&](CLI::App* command) {
    command->add_option("--config", line.config_path, "Runner configuration (JSON)");
    command->add_option("--redis", line.redis_url, "Redis URL (default: the config's, then REDIS_URL)");
    command->add_option("--prefix", line.prefix, "BullMQ key prefix (default: bull)");
  };
  auto* run = app.add_subcommand("run", "Serve the configured queues until SIGTERM or SIGINT");
  connection(run);
  run->get_option("--config")->required();
  run->add_flag("--skip-missing-tools", line.skip_missing_tools, "Serve only the queues whose program exists");
  run->add_flag("--prune-schedules", line.prune_schedules,
                "Remove the job schedulers an earlier config made that this config no longer has");
  auto* check = app.add_subcommand("check", "Validate a configuration and exit");
  check->add_option("--config", line.config_path, "Runner configuration (JSON)")->required();
  auto* add = app.add_subcommand("add", "Add a job (data JSON on stdin) and print its id");
  connection(add);
  add->add_option("queue", line.queue, "Queue name")->required();
  add->add_option("name", line.name, "Job name")->required();
  add->add_option("--opts", line.opts_json, "BullMQ job options as JSON, e.g. {\"attempts\":3}");
  add->add_option("--data-file", line.data_file, "Read the job data from FILE instead of stdin");
  auto* stats = app.add_subcommand("stats", "Print job counts per queue and the dead letters");
  connection(stats);
  stats->add_option("--queue", line.queue, "Only this queue");
  stats->add_flag("--json", line.json, "Print JSON");
  auto* dlq = app.add_subcommand("dlq", "Inspect and replay dead letters");
  dlq->require_subcommand(1);
  dlq->fallthrough();
  dlq->add_option("--dead-letter", line.dead_letter_queue, "Dead-letter queue (default: dead-letter)");
  auto* list = dlq->add_subcommand("list", "List dead letters, newest first");
  connection(list);
  list->add_option("queue", line.queue, "Only entries from this queue");
  list->add_flag("--json", line.json, "Print JSON");
  auto* show = dlq->add_subcommand("show", "Print one entry");
  connection(show);
  show->add_option("id", line.id, "Entry id")->required();
  auto* retry = dlq->add_subcommand("retry", "Add the failed job to its queue again and print the new id");
  connection(retry);
  retry->add_option("id", line.id, "Entry id")->required();
  retry->add_option("--data-file", line.data_file, "Replace the data (checked with the tool's --dry-run)");
  auto* purge = dlq->add_subcommand("purge", "Remove entries");
  connection(purge);
  purge->add_option("--older-than", line.older_than, "Only entries older than this, e.g. 30d");
  auto* schedules = app.add_subcommand("schedules", "Job schedulers in Redis");
  schedules->require_subcommand(1);
  schedules->fallthrough();
  auto* schedules_list = schedules->add_subcommand("list", "Each scheduler with its next three run times in its zone");
  connection(schedules_list);
  schedules_list->add_option("--queue", line.queue, "Only this queue (default: the config's queues)");
  schedules_list->add_flag("--json", line.json, "Print JSON");
  auto* top = app.add_subcommand("top", "Watch the queues: counts, completions a minute, oldest wait, dead letters, slots");
  connection(top);
  top->add_option("--queue", line.queue, "Only this queue");
  top->add_option("--dead-letter", line.dead_letter_queue, "Dead-letter queue of --queue without --config");
  top->add_flag("--once", line.once, "Print one reading as plain text and exit (also when stdout is no terminal)");
  auto* schedules_prune =
      schedules->add_subcommand("prune", "Remove the schedulers an earlier config made that this config no longer has");
  connection(schedules_prune);
  schedules_prune->get_option("--config")->required();
  auto* schedules_import = schedules->add_subcommand(
      "import-crontab", "Print crontab lines that run jobkit tools as schedule entries (JSON); the rest on stderr");
  schedules_import->add_option("file", line.crontab_file, "Crontab file (- for stdin)")->required();
  schedules_import->add_option("--config", line.config_path, "Take the tool-to-queue map from this configuration");
  schedules_import->add_option("--tz", line.tz, "Time zone of the entries (default: the host's, which cron used)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return jobkit::to_status(queue_runner::flush_output(jobkit::ExitCode::ok));
  } catch (const CLI::CallForVersion& version) {
    std::cout << version.what() << '\n';
    return jobkit::to_status(queue_runner::flush_output(jobkit::ExitCode::ok));
  } catch (const CLI::ParseError& error) {
    // CLI11's own codes (100+) would read as "retry" to a supervisor; usage is 64.
    std::cerr << "queue-runner: " << error.what() << " (see queue-runner --help)\n";
    return jobkit::to_status(jobkit::ExitCode::usage);
  }
  jobkit::configure_logging({.program = "queue-runner",
                             .format = jobkit::parse_log_format(log_format).value_or(jobkit::LogFormat::text),
                             .level = jobkit::parse_log_level(log_level).value_or(spdlog::level::info)});
  const std::pair<CLI::App*, jobkit::ExitCode (*)(const CommandLine&)> commands[] = {
      {run, queue_runner::run_command},        {check, queue_runner::check_command},
      {add, queue_runner::add_command},        {stats, queue_runner::stats_command},
      {list, queue_runner::dlq_list_command},  {show, queue_runner::dlq_show_command},
      {retry, queue_runner::dlq_retry_command}, {purge, queue_runner::dlq_purge_command},
      {schedules_list, queue_runner::schedules_list_command},
      {top, queue_runner::top_command},
      {schedules_prune, queue_runner::schedules_prune_command},
      {schedules_import, queue_runner::schedules_import_crontab_command},
  };
  for (const auto& [command, function] : commands) {
    if (command->parsed()) return jobkit::to_status(queue_runner::flush_output(function(line)));
  }
  return jobkit::to_status(jobkit::ExitCode::usage);
}
