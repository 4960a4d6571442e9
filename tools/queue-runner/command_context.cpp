#include "command_context.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <spdlog/spdlog.h>

#include "jobkit/job_input.hpp"

namespace queue_runner {

void print_line(const std::string& text) { std::fputs((text + "\n").c_str(), stdout); }

jobkit::ExitCode flush_output(jobkit::ExitCode status) {
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  if (flushed && !std::ferror(stdout) && std::cout.good()) return status;
  spdlog::error("cannot write the output to stdout{}; what the command did stands (an added job stays added)",
                flushed ? "" : std::string(": ") + std::strerror(errno));
  return jobkit::ExitCode::io_error;
}

jobkit::ExitCode report(const jobkit::JobError& error) {
  spdlog::error("{}", error.message);
  // A single problem is the message itself; several are listed under it.
  if (error.details.size() > 1) {
    for (const auto& problem : error.details) spdlog::error("  {}: {}", problem.field, problem.message);
  }
  return error.exit_code;
}

jobkit::Result<CommandContext> open_command_context(const CommandLine& line) {
  const auto environment = jobkit::process_environment();
  std::optional<RunnerConfig> config;
  if (!line.config_path.empty()) {
    // These commands look at Redis only: a tool not installed on this host is no reason to
    // refuse showing its queue.
    auto read = read_runner_config(line.config_path, environment, MissingPrograms::ignore);
    if (!read) return read.error();
    config = std::move(read.value());
  }
  // --redis, then the configuration's, then REDIS_URL.
  std::string url = line.redis_url;
  if (url.empty() && config) url = config->redis_url;
  const jobkit::EnvironmentLookup redis_environment = [&](std::string_view name) -> std::optional<std::string> {
    if (name == "REDIS_URL" && !url.empty()) return url;
    return environment(name);
  };
  auto redis = jobkit::RedisConnection::from_environment(redis_environment);
  if (!redis) return as_configuration_error(redis.error());
  std::string prefix = !line.prefix.empty() ? line.prefix : config ? config->prefix : bullmq::k_default_prefix;
  return CommandContext{std::move(config), std::move(prefix), std::move(redis.value())};
}

jobkit::Result<std::string> read_job_data(const std::string& data_file) {
  const jobkit::JobInputLimits limits;
  auto text = data_file.empty() ? jobkit::read_job_text(STDIN_FILENO, limits) : jobkit::read_job_file(data_file, limits);
  if (!text) return text.error();
  auto parsed = jobkit::parse_job(text.value(), limits);
  if (!parsed) return parsed.error();
  return parsed->dump();
}

}  // namespace queue_runner
