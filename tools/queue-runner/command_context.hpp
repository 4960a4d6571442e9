// What the one-shot subcommands share: the optional configuration, the Redis connection
// and the key prefix, resolved from --config, --redis, --prefix and REDIS_URL.
#pragma once

#include <optional>
#include <string>

#include "commands.hpp"
#include "config.hpp"
#include "jobkit/redis_connection.hpp"

namespace queue_runner {

struct CommandContext {
  std::optional<RunnerConfig> config;
  std::string prefix;
  jobkit::RedisConnection redis;
};

// Errors: config (78) for a bad configuration, or the connection's error.
jobkit::Result<CommandContext> open_command_context(const CommandLine& line);

// Prints one line of a command's output on stdout.
void print_line(const std::string& text);

// Flushes stdout once a command is done. Output that did not arrive (a closed stdout, a full
// disk) turns `status` into io_error (74), with a line on stderr saying that what the command
// did stands (an added job stays added).
jobkit::ExitCode flush_output(jobkit::ExitCode status);

// Prints the error on stderr and returns its exit code.
jobkit::ExitCode report(const jobkit::JobError& error);

// Reads a JSON object from --data-file, or from stdin when no file is named.
jobkit::Result<std::string> read_job_data(const std::string& data_file);

}  // namespace queue_runner
