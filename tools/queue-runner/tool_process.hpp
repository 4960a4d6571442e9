// Running one tool as a child process, as the job contract describes: argv without a
// shell (exec'd, or forked by the tool's fork server), its own process group, the job on
// stdin, stdout captured up to a cap, stderr and the progress channel (fd 3) read line by
// line, rlimits, and a timeout that sends SIGTERM to the whole group and SIGKILL after a
// grace period.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobkit/signal_name.hpp"

namespace queue_runner {

class ProcessForker;

struct ToolLimits {
  std::int64_t timeout_ms = 600000;
  std::int64_t kill_grace_ms = 5000;
  std::int64_t memory_mb = 0;    // 0: no limit
  std::int64_t cpu_seconds = 0;  // 0: no limit
  std::int64_t max_output_bytes = 1024 * 1024;
};

struct ToolInvocation {
  std::vector<std::string> argv;         // argv[0] is an absolute path
  std::vector<std::string> environment;  // the child's whole environment, NAME=VALUE
  std::string input;                     // written to stdin, then closed
  ToolLimits limits;
  std::function<void(std::string_view line)> on_log_line;       // each stderr line
  std::function<void(std::string_view line)> on_progress_line;  // each fd 3 line
  std::function<bool()> should_stop;  // checked often; true ends the tool like a timeout
  // When set and argv[0] is its program, the process comes from this fork server (a
  // ToolForkServer) instead of fork and exec; the rest is the same.
  ProcessForker* fork_server = nullptr;
};

// What the kernel counted for the tool's process (wait4's rusage).
struct ResourceUsage {
  double cpu_seconds = 0;          // user + system
  std::int64_t peak_rss_bytes = 0;  // ru_maxrss
};

enum class ToolEnd { exited, signalled, timed_out, output_too_large, stopped, not_started };

struct ToolOutcome {
  ToolEnd end = ToolEnd::not_started;
  int exit_code = -1;  // when exited
  int signal = 0;      // the signal that ended it, when it did not exit
  std::string output;  // stdout, at most max_output_bytes
  std::string error;   // why it could not start
  std::vector<std::string> stderr_tail;  // the last lines of stderr
  std::chrono::nanoseconds run_time{0};  // from the start of the process to its end
  // Whoever reaped the process (the runner, or the fork server, which reports it with the
  // wait status); none when no process ended normally under watch (not started, or its fork
  // server failed).
  std::optional<ResourceUsage> usage;
};

ToolOutcome run_tool_process(const ToolInvocation& invocation);

// "SIGKILL" for 9; "signal N" for numbers without a name.
using jobkit::signal_name;

}  // namespace queue_runner
