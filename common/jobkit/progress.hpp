// The progress channel: when JOB_PROGRESS_FD names an open descriptor, a tool writes one
// line per update ("42" or {"percent":42,"stage":"upload"}); queue-runner turns the lines
// into BullMQ job progress. Without the variable every report is a no-op.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "jobkit/job_environment.hpp"

namespace jobkit {

class ProgressChannel {
 public:
  // A channel that reports nothing.
  ProgressChannel() = default;
  // Errors: usage (64) when JOB_PROGRESS_FD is set but is not a number, not an open
  // descriptor, or one of 0, 1 and 2.
  static Result<ProgressChannel> from_environment(const EnvironmentLookup& environment);

  bool enabled() const { return m_fd >= 0; }
  // Percent is clamped to 0..100.
  void report(int percent) const;
  // Any JSON value; written on one line.
  void report(const nlohmann::json& progress) const;

 private:
  explicit ProgressChannel(int fd) : m_fd(fd) {}
  void write_line(std::string_view line) const;

  int m_fd = -1;
};

}  // namespace jobkit
