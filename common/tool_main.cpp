// The shared entry point: the job contract (JSON job on stdin, one JSON result or error on
// stdout, log lines on stderr, the exit code) around a tool's function.
#include "jobkit/tool_main.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/fork_protocol.hpp"
#include "jobkit/fork_server.hpp"
#include "jobkit/job_input.hpp"
#include "jobkit/logging.hpp"
#include "jobkit/version.hpp"

namespace jobkit {
namespace {

struct CommonOptions {
  bool dry_run = false;
  std::string input_path;
  std::string log_level = "info";
  std::string log_format = "text";
  std::size_t max_input_bytes = JobInputLimits{}.max_bytes;
};

void add_common_options(CLI::App& app, CommonOptions& options, const std::string& version) {
  app.set_version_flag("--version", version);
  app.add_flag("--dry-run", options.dry_run, "Validate the job and print what would be done; change nothing");
  app.add_option("--input", options.input_path, "Read the job from FILE instead of standard input")
      ->type_name("FILE");
  app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_option("--log-format", options.log_format, "Log lines on stderr as text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--max-input-bytes", options.max_input_bytes, "Refuse jobs larger than this")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 32))
      ->capture_default_str();
}

// A result or error that never reached stdout is lost to whoever runs the tool: that is an
// I/O failure (74, retried), whatever the job's own outcome was. Returns the exit status.
int write_stdout(const nlohmann::json& value, ExitCode outcome) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  if (const int error = write_all(STDOUT_FILENO, text); error != 0) {
    spdlog::error("cannot write the result to stdout: {}", std::strerror(error));
    return to_status(ExitCode::io_error);
  }
  return to_status(outcome);
}

int report_failure(const JobError& error) {
  spdlog::error("{}", error.message);
  return write_stdout(to_json(error), error.exit_code);
}

// --help and --version: text for people, which must arrive as well.
int print_text(const std::string& text) {
  std::cout << text << std::flush;
  if (std::cout) return to_status(ExitCode::ok);
  spdlog::error("cannot write to stdout: {}", std::strerror(errno));
  return to_status(ExitCode::io_error);
}

Result<nlohmann::json> read_job(const CommonOptions& options) {
  const JobInputLimits limits{.max_bytes = options.max_input_bytes};
  if (options.input_path.empty() && ::isatty(STDIN_FILENO)) {
    spdlog::info("reading the job from standard input (end it with Ctrl-D; see --help)");
  }
  auto text = options.input_path.empty() ? read_job_text(STDIN_FILENO, limits)
                                         : read_job_file(options.input_path, limits);
  if (!text) return text.error();
  return parse_job(text.value(), limits);
}

Result<nlohmann::json> run_job(const ToolDefinition& tool, const CommonOptions& options) {
  const EnvironmentLookup environment = process_environment();
  auto metadata = read_job_metadata(environment);
  if (!metadata) return metadata.error();
  auto progress = ProgressChannel::from_environment(environment);
  if (!progress) return progress.error();
  auto job = read_job(options);
  if (!job) return job.error();
  const ToolContext context{options.dry_run ? RunMode::dry_run : RunMode::execute, metadata.value(),
                            progress.value(), environment};
  return tool.run(job.value(), context);
}

// The only place where exceptions become exit codes.
Result<nlohmann::json> run_job_catching(const ToolDefinition& tool, const CommonOptions& options) {
  try {
    return run_job(tool, options);
  } catch (const JobFailure& failure) {
    return failure.error();
  } catch (const std::bad_alloc&) {
    return JobError::make(ExitCode::temporary, "out of memory");
  } catch (const nlohmann::json::exception& e) {
    return JobError::make(ExitCode::internal, fmt::format("internal error while handling JSON: {}", e.what()));
  } catch (const std::exception& e) {
    return JobError::make(ExitCode::internal, fmt::format("internal error: {}", e.what()));
  }
}

int run_tool_once(int argc, const char* const* argv, const ToolDefinition& tool) {
  reserve_standard_descriptors();
  // A closed stdout or progress pipe must surface as a write error, not kill the tool.
  std::signal(SIGPIPE, SIG_IGN);
  configure_logging({.program = tool.name});

  CLI::App app(tool.summary, tool.name);
  CommonOptions options;
  add_common_options(app, options, fmt::format("{} (jobkit) {}", tool.name, k_version));
  if (tool.add_options) tool.add_options(app);
  if (!tool.footer.empty()) app.footer(tool.footer);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return print_text(app.help());
  } catch (const CLI::CallForVersion& version) {
    return print_text(std::string(version.what()) + '\n');
  } catch (const CLI::ParseError& e) {
    // CLI11's own exit codes start at 100, which the runner would retry forever.
    return report_failure(JobError::make(ExitCode::usage, fmt::format("{} (see {} --help)", e.what(), tool.name)));
  }

  configure_logging({.program = tool.name,
                     .format = parse_log_format(options.log_format).value_or(LogFormat::text),
                     .level = parse_log_level(options.log_level).value_or(spdlog::level::info)});
  const auto result = run_job_catching(tool, options);
  if (!result) return report_failure(result.error());
  return write_stdout(result.value(), ExitCode::ok);
}

// A failed warm-up only costs speed: the jobs load what they need themselves.
void warm_up(const ToolDefinition& tool) {
  if (!tool.warm_up) return;
  try {
    tool.warm_up(process_environment());
  } catch (const std::exception& e) {
    spdlog::warn("fork server: warm-up failed: {}", e.what());
  }
}

}  // namespace

int run_tool(int argc, const char* const* argv, const ToolDefinition& tool) {
  if (argc == 2 && argv[1] == k_fork_server_option) {
    configure_logging({.program = tool.name});
    warm_up(tool);
    return serve_forks(
        STDIN_FILENO,
        [&tool](int job_argc, const char* const* job_argv) { return run_tool_once(job_argc, job_argv, tool); },
        tool.spare_work);
  }
  return run_tool_once(argc, argv, tool);
}

}  // namespace jobkit
