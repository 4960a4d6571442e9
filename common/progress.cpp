// Writing progress lines to JOB_PROGRESS_FD.
#include "jobkit/progress.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace jobkit {

Result<ProgressChannel> ProgressChannel::from_environment(const EnvironmentLookup& environment) {
  const auto text = environment("JOB_PROGRESS_FD");
  if (!text) return ProgressChannel();
  int fd = -1;
  const char* end = text->data() + text->size();
  const auto [stop, error] = std::from_chars(text->data(), end, fd);
  if (error != std::errc() || stop != end || fd < 0 || ::fcntl(fd, F_GETFD) < 0) {
    return JobError::make(ExitCode::usage, "JOB_PROGRESS_FD does not name an open file descriptor",
                          "env:JOB_PROGRESS_FD");
  }
  return ProgressChannel(fd);
}

void ProgressChannel::report(int percent) const { write_line(std::to_string(std::clamp(percent, 0, 100))); }

void ProgressChannel::report(const nlohmann::json& progress) const { write_line(progress.dump()); }

void ProgressChannel::write_line(std::string_view line) const {
  if (!enabled()) return;
  std::string buffer(line);
  buffer += '\n';
  // One write per line: lines up to PIPE_BUF reach a pipe whole, never interleaved.
  std::string_view rest = buffer;
  while (!rest.empty()) {
    const ssize_t written = ::write(m_fd, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) {
      // Progress is advisory: a reader that went away must not fail the job.
      spdlog::debug("progress channel closed: {}", std::strerror(errno));
      return;
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace jobkit
