// The exit codes of the job contract, named once: what a tool returns and how queue-runner
// and cron read it (permanent failures are never retried).
#pragma once

#include <string_view>

namespace jobkit {

// Values follow BSD sysexits.h so that they mean the same to cron, shells and the runner.
enum class ExitCode : int {
  ok = 0,
  usage = 64,          // bad command line; permanent
  invalid_data = 65,   // the job's data is wrong; permanent
  missing_input = 66,  // an input file named by the job or --input does not exist; permanent
  unavailable = 69,    // a service refused us (for example Redis AUTH); retried
  internal = 70,       // a bug or an unexpected exception; retried
  io_error = 74,       // writing the result or a file failed; retried
  temporary = 75,      // try again later: SMTP 4xx, HTTP 429/5xx, connection refused; retried
  forbidden = 77,      // for example a path outside STORAGE_DIR; permanent
  config = 78,         // the runner's or a tool's configuration is invalid
};

// Whether the runner must fail the job at once instead of retrying it.
enum class Retry { no, yes };

// Retry::no for the permanent codes (64, 65, 66, 77), Retry::yes for every other status,
// including codes no tool is supposed to return.
Retry retry_for_exit_status(int status);

// The numeric status handed to exit() / returned from main().
constexpr int to_status(ExitCode code) { return static_cast<int>(code); }

// A stable snake_case name used as the default "code" in JSON errors ("invalid_data", ...).
std::string_view exit_code_name(ExitCode code);

}  // namespace jobkit
