// queue-runner's subcommands. main.cpp parses the command line into CommandLine; each
// function here does one subcommand and returns its exit code.
#pragma once

#include <string>

#include "jobkit/exit_code.hpp"

namespace queue_runner {

struct CommandLine {
  std::string config_path;
  std::string redis_url;  // overrides the config's and REDIS_URL
  std::string prefix;     // overrides the config's; default bullmq::k_default_prefix
  std::string queue;
  std::string name;
  std::string id;
  std::string opts_json = "{}";
  std::string data_file;
  std::string older_than;
  std::string dead_letter_queue = "dead-letter";
  bool json = false;
  bool skip_missing_tools = false;
  bool once = false;  // top: print one reading and exit
  bool prune_schedules = false;  // run: remove schedulers an earlier config made
  std::string crontab_file;      // schedules import-crontab
  std::string tz;                // schedules import-crontab: the entries' zone
};

jobkit::ExitCode run_command(const CommandLine& line);
jobkit::ExitCode check_command(const CommandLine& line);
jobkit::ExitCode add_command(const CommandLine& line);
jobkit::ExitCode stats_command(const CommandLine& line);
jobkit::ExitCode dlq_list_command(const CommandLine& line);
jobkit::ExitCode dlq_show_command(const CommandLine& line);
jobkit::ExitCode dlq_retry_command(const CommandLine& line);
jobkit::ExitCode dlq_purge_command(const CommandLine& line);
jobkit::ExitCode schedules_list_command(const CommandLine& line);
jobkit::ExitCode top_command(const CommandLine& line);
jobkit::ExitCode schedules_prune_command(const CommandLine& line);
jobkit::ExitCode schedules_import_crontab_command(const CommandLine& line);

}  // namespace queue_runner
