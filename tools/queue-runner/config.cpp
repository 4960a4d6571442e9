// Reading the runner's configuration with typed fields; every problem is reported at once.
#include "config.hpp"

#include <unistd.h>

#include <set>

#include <fmt/format.h>

#include "jobkit/job_input.hpp"
#include "jobkit/json_fields.hpp"
#include "jobkit/redis_url.hpp"

namespace queue_runner {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

// A program name without a slash is looked up beside this binary first (the tools are
// installed together), then in PATH, as execvp would, but once and at start-up.
std::optional<std::filesystem::path> find_program(const std::string& name, const jobkit::EnvironmentLookup& environment) {
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return std::filesystem::absolute(name);
    return std::nullopt;
  }
  std::vector<std::filesystem::path> folders;
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) folders.push_back(self.parent_path());
  const std::string path = environment("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t end = std::min(path.find(':', start), path.size());
    if (end > start) folders.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  for (const auto& folder : folders) {
    const auto candidate = folder / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// Reads an argv; a missing program is a problem, or under MissingPrograms::skip is
// reported through missing_program instead, or under MissingPrograms::ignore kept as written.
std::vector<std::string> read_command(const JsonField& field, const jobkit::EnvironmentLookup& environment,
                                      MissingPrograms missing, std::string& missing_program) {
  std::vector<std::string> argv;
  for (const auto& item : field.as_array(256)) argv.push_back(item.as_string({.min_length = 1, .max_length = 4096}));
  if (field.present() && argv.empty()) field.reject("must name a program");
  if (argv.empty()) return argv;
  if (const auto program = find_program(argv[0], environment)) {
    argv[0] = program->string();
  } else if (missing == MissingPrograms::skip) {
    missing_program = argv[0];
  } else if (missing == MissingPrograms::refuse) {
    field.reject(fmt::format("program \"{}\" was not found or is not executable", argv[0]));
  }
  return argv;
}

}  // namespace

std::optional<nlohmann::json> read_backoff(const JsonField& field) {
  if (!field.present()) return std::nullopt;
  if (field.json().is_number_integer()) {
    return nlohmann::json{{"type", "fixed"}, {"delay", field.as_integer({0, 86400000})}};
  }
  auto object = field.as_object();
  const std::string type = object.required("type").as_string();
  if (type != "fixed" && type != "exponential") object.required("type").reject("must be fixed or exponential");
  nlohmann::json backoff = {{"type", type}, {"delay", object.required("delay").as_integer({0, 86400000})}};
  if (const auto jitter = object.optional("jitter"); jitter.present()) backoff["jitter"] = jitter.as_number({0, 1});
  return backoff;
}

namespace {

QueueConfig read_queue(const std::string& name, JsonObject object, const jobkit::EnvironmentLookup& environment,
                       MissingPrograms missing) {
  QueueConfig queue;
  queue.name = name;
  queue.command = read_command(object.required("command"), environment, missing, queue.missing_program);
  queue.concurrency = static_cast<int>(object.optional("concurrency").integer_or(1, {1, 256}));
  queue.timeout_ms = object.optional("timeout_ms").integer_or(queue.timeout_ms, {1, 86400000});
  queue.kill_grace_ms = object.optional("kill_grace_ms").integer_or(queue.kill_grace_ms, {0, 600000});
  queue.memory_mb = object.optional("memory_mb").integer_or(0, {0, 1 << 20});
  queue.cpu_seconds = object.optional("cpu_seconds").integer_or(0, {0, 86400});
  queue.max_output_bytes = object.optional("max_output_bytes").integer_or(queue.max_output_bytes, {1, 1LL << 30});
  queue.max_log_lines = object.optional("max_log_lines").integer_or(queue.max_log_lines, {0, 100000});
  auto env = object.optional("env").as_object();
  for (auto& [key, value] : env.members()) queue.environment[key] = value.as_string();
  queue.default_attempts = object.optional("attempts").integer_or(1, {1, 1000});
  queue.default_backoff = read_backoff(object.optional("backoff"));
  queue.dead_letter_queue = object.optional("dead_letter").string_or(queue.dead_letter_queue, {1, 200});
  queue.fork_server = object.optional("fork_server").bool_or(false);
  auto jobs = object.optional("jobs").as_object();
  for (auto& [job_name, job] : jobs.members()) {
    auto job_object = job.as_object();
    queue.job_commands[job_name] =
        read_command(job_object.required("command"), environment, missing, queue.missing_program);
  }
  return queue;
}

void check_queue_name(const JsonField& field, const std::string& name) {
  if (name.empty() || name.find(':') != std::string::npos) field.reject("a queue name must be non-empty and hold no ':'");
}

}  // namespace

const std::vector<std::string>& QueueConfig::command_for(const std::string& job_name) const {
  const auto found = job_commands.find(job_name);
  return found == job_commands.end() ? command : found->second;
}

jobkit::Result<RunnerConfig> parse_runner_config(std::string_view text, const jobkit::EnvironmentLookup& environment,
                                                 MissingPrograms missing) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::exception& e) {
    return jobkit::JobError::make(jobkit::ExitCode::config, fmt::format("the configuration is not valid JSON: {}", e.what()));
  }
  auto config = jobkit::read_fields<RunnerConfig>(document, [&](JsonObject& root) {
    RunnerConfig result;
    const auto redis = root.optional("redis");
    result.redis_url = redis.string_or(environment("REDIS_URL").value_or(std::string(jobkit::k_default_redis_url)));
    if (!jobkit::parse_redis_url(result.redis_url).ok()) redis.reject("is not a valid Redis URL");
    result.prefix = root.optional("prefix").string_or(bullmq::k_default_prefix, {1, 100});
    result.worker_name = root.optional("worker_name").string_or("", {0, 100});
    if (result.worker_name.find_first_of(" \t\r\n") != std::string::npos) root.optional("worker_name").reject("must not contain spaces");
    result.shutdown_grace_ms = root.optional("shutdown_grace_ms").integer_or(result.shutdown_grace_ms, {0, 3600000});
    result.lock_duration_ms = root.optional("lock_duration_ms").integer_or(result.lock_duration_ms, {100, 3600000});
    result.stalled_interval_ms = root.optional("stalled_interval_ms").integer_or(result.stalled_interval_ms, {100, 3600000});
    result.max_stalled_count = root.optional("max_stalled_count").integer_or(1, {0, 1000});
    result.drain_delay_ms = root.optional("drain_delay_ms").integer_or(result.drain_delay_ms, {10, 60000});
    auto queues = root.required("queues").as_object();
    std::set<std::string> queue_names;
    for (auto& [name, queue] : queues.members()) {
      check_queue_name(queue, name);
      queue_names.insert(name);
      QueueConfig read = read_queue(name, queue.as_object(), environment, missing);
      if (read.missing_program.empty()) result.queues.push_back(std::move(read));
      else result.skipped.push_back({name, read.missing_program});
    }
    if (result.queues.empty()) root.optional("queues").reject("names no queue whose program exists");
    result.schedules = read_schedules(root.optional("schedules"), queue_names);
    result.metrics = metrics::read_metrics_config(root.optional("metrics"));
    result.alerts = alerts::read_alerts_config(root.optional("alerts"), [&](const std::string& name) {
      const auto program = find_program(name, environment);
      return program ? std::optional<std::string>(program->string()) : std::nullopt;
    });
    return result;
  });
  if (!config) {
    jobkit::JobError error = config.error();
    error.exit_code = jobkit::ExitCode::config;
    error.code = "invalid_config";
    return error;
  }
  return config;
}

jobkit::Result<RunnerConfig> read_runner_config(const std::filesystem::path& path,
                                                const jobkit::EnvironmentLookup& environment, MissingPrograms missing) {
  auto text = jobkit::read_job_file(path.string(), {});
  if (!text) {
    jobkit::JobError error = text.error();
    error.exit_code = jobkit::ExitCode::config;
    return error;
  }
  return parse_runner_config(text.value(), environment, missing);
}

jobkit::JobError as_configuration_error(jobkit::JobError error) {
  if (error.code == "redis_no_such_database") error.exit_code = jobkit::ExitCode::config;
  return error;
}

}  // namespace queue_runner
