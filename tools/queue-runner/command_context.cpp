#include "command_context.hpp"

#include <unistd.h>

#include <cstdio>

#include <spdlog/spdlog.h>

#include "jobkit/job_input.hpp"

namespace queue_runner {

void print_line(const std::string& text) { std::fputs((text + "\n").c_str(), stdout); }

jobkit::ExitCode report(const jobkit::JobError& error) {
  spdlog::error("{}", error.message);
  for (const auto& problem : error.details) spdlog::error("  {}: {}", problem.field, problem.message);
  return error.exit_code;
}

jobkit::Result<CommandContext> open_command_context(const CommandLine& line) {
  const auto environment = jobkit::process_environment();
  std::optional<RunnerConfig> config;
  if (!line.config_path.empty()) {
    auto read = read_runner_config(line.config_path, environment);
    if (!read) return read.error();
    config = std::move(read.value());
  }
  std::string url = line.redis_url;
  if (url.empty() && config) url = config->redis_url;
  if (url.empty()) url = environment("REDIS_URL").value_or(std::string(jobkit::k_default_redis_url));
  auto endpoint = jobkit::parse_redis_url(url);
  if (!endpoint) return endpoint.error();
  auto redis = jobkit::RedisConnection::connect(endpoint.value());
  if (!redis) return redis.error();
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
