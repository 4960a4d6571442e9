// Mapping of exit codes to their names and retry behaviour: the only place that knows it.
#include "jobkit/exit_code.hpp"

namespace jobkit {

Retry retry_for_exit_status(int status) {
  switch (status) {
    case to_status(ExitCode::usage):
    case to_status(ExitCode::invalid_data):
    case to_status(ExitCode::missing_input):
    case to_status(ExitCode::forbidden):
      return Retry::no;
    default:
      return Retry::yes;
  }
}

std::string_view exit_code_name(ExitCode code) {
  switch (code) {
    case ExitCode::ok: return "ok";
    case ExitCode::usage: return "usage";
    case ExitCode::invalid_data: return "invalid_data";
    case ExitCode::missing_input: return "missing_input";
    case ExitCode::unavailable: return "unavailable";
    case ExitCode::internal: return "internal";
    case ExitCode::io_error: return "io_error";
    case ExitCode::temporary: return "temporary";
    case ExitCode::forbidden: return "forbidden";
    case ExitCode::config: return "config";
  }
  return "unknown";
}

}  // namespace jobkit
