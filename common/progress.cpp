// Writing progress lines to JOB_PROGRESS_FD.
#include "jobkit/progress.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/whole_number.hpp"

namespace jobkit {

Result<ProgressChannel> ProgressChannel::from_environment(const EnvironmentLookup& environment) {
  const auto text = environment(job_variable::progress_fd);
  if (!text) return ProgressChannel();
  const auto fd = parse_whole_number<int>(*text);
  if (!fd || *fd < 0 || ::fcntl(*fd, F_GETFD) < 0) {
    return JobError::make(ExitCode::usage, "JOB_PROGRESS_FD does not name an open file descriptor",
                          "env:JOB_PROGRESS_FD");
  }
  // Progress lines on stdout would break its "exactly one JSON value"; on stdin or stderr
  // they would be lost or read as log lines.
  if (*fd <= 2) {
    return JobError::make(ExitCode::usage, "JOB_PROGRESS_FD must not be standard input, output or error (0, 1, 2)",
                          "env:JOB_PROGRESS_FD");
  }
  return ProgressChannel(*fd);
}

void ProgressChannel::report(int percent) const { write_line(std::to_string(std::clamp(percent, 0, 100))); }

void ProgressChannel::report(const nlohmann::json& progress) const { write_line(progress.dump()); }

void ProgressChannel::write_line(std::string_view line) const {
  if (!enabled()) return;
  std::string buffer(line);
  buffer += '\n';
  // One write per line: lines up to PIPE_BUF reach a pipe whole, never interleaved.
  if (const int error = write_all(m_fd, buffer); error != 0) {
    // Progress is advisory: a reader that went away must not fail the job.
    spdlog::debug("progress channel closed: {}", std::strerror(error));
  }
}

}  // namespace jobkit
