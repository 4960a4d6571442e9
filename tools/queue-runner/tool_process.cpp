// fork/exec with pipes and a poll loop; no shell is ever involved.
#include "tool_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/fork_protocol.hpp"
#include "jobkit/job_process.hpp"
#include "process_forker.hpp"

namespace queue_runner {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t k_max_line_bytes = 8192;
constexpr std::size_t k_tail_lines = 20;
// A fork server reports a process's end within milliseconds; a process killed and gone this
// long without its status means the server is stopped or deadlocked.
constexpr auto k_end_report_bound = std::chrono::milliseconds(1000);

using jobkit::FileDescriptor;

// A job's stdin, stdout, stderr and progress pipes: the child's ends become its fds 0 to 3,
// ours are read and written by ChildMonitor.
struct JobPipes {
  jobkit::Pipe in = jobkit::make_pipe();
  jobkit::Pipe out = jobkit::make_pipe();
  jobkit::Pipe err = jobkit::make_pipe();
  jobkit::Pipe progress = jobkit::make_pipe();

  bool made() const { return in.read && out.read && err.read && progress.read; }
  jobkit::JobDescriptors child_ends() const {
    return {.fds = {in.read.get(), out.write.get(), err.write.get(), progress.write.get()}};
  }
  // Once the child has its copies: our copy of a write end would keep its reader from EOF.
  void close_child_ends() {
    in.read.reset();
    out.write.reset();
    err.write.reset();
    progress.write.reset();
  }
};

jobkit::ProcessLimits process_limits(const ToolLimits& limits) { return {limits.memory_mb, limits.cpu_seconds}; }

// In the child, between fork and exec: only async-signal-safe calls. The exec-status pipe
// is kept as fd 4 and closes itself on a successful exec.
[[noreturn]] void exec_child(char* const* argv, char* const* envp, const jobkit::JobDescriptors& descriptors,
                             const jobkit::ProcessLimits& limits) {
  if (!jobkit::prepare_job_process(descriptors, limits)) ::_exit(127);
  ::execve(argv[0], argv, envp);
  const int error = errno;  // tell the parent why, instead of a bare exit status 127
  [[maybe_unused]] const ssize_t written = ::write(4, &error, sizeof error);
  ::_exit(127);
}

ResourceUsage resource_usage_of(const jobkit::ForkEnd& end) {
  return {static_cast<double>(end.cpu_microseconds) / 1e6, end.peak_rss_bytes};
}

// Splits a stream into lines and hands each complete one to a callback.
class LineReader {
 public:
  explicit LineReader(std::function<void(std::string_view)> on_line) : m_on_line(std::move(on_line)) {}
  void feed(std::string_view bytes) {
    for (const char c : bytes) {
      if (c == '\n') {
        emit();
      } else if (m_line.size() < k_max_line_bytes) {
        m_line += c;
      }
    }
  }
  void finish() {
    if (!m_line.empty()) emit();
  }
  const std::deque<std::string>& tail() const { return m_tail; }

 private:
  void emit() {
    if (m_on_line) m_on_line(m_line);
    m_tail.push_back(m_line);
    if (m_tail.size() > k_tail_lines) m_tail.pop_front();
    m_line.clear();
  }
  std::function<void(std::string_view)> m_on_line;
  std::string m_line;
  std::deque<std::string> m_tail;
};

class ChildMonitor {
 public:
  // For a child of ours (waitpid).
  ChildMonitor(const ToolInvocation& invocation, pid_t pid, JobPipes pipes)
      : ChildMonitor(invocation, pid, std::move(pipes), FileDescriptor{}, -1) {}
  // For a process of the fork server: its status pipe, and the server that made it.
  ChildMonitor(const ToolInvocation& invocation, ForkedProcess process, JobPipes pipes)
      : ChildMonitor(invocation, process.pid, std::move(pipes), std::move(process.status_fd), process.server) {}

 private:
  ChildMonitor(const ToolInvocation& invocation, pid_t pid, JobPipes pipes, FileDescriptor status_fd, pid_t server)
      : m_invocation(invocation),
        m_pid(pid),
        m_server(server),
        m_fds{std::move(pipes.in.write), std::move(pipes.out.read), std::move(pipes.err.read),
              std::move(pipes.progress.read)},
        m_stderr(invocation.on_log_line),
        m_progress(invocation.on_progress_line),
        m_status_fd(std::move(status_fd)),
        m_pidfd(m_status_fd ? -1 : static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))) {
    for (const auto& fd : m_fds) ::fcntl(fd.get(), F_SETFL, O_NONBLOCK);
    m_started = Clock::now();
    m_deadline = m_started + std::chrono::milliseconds(invocation.limits.timeout_ms);
  }

 public:
  ToolOutcome run() {
    std::string_view input = m_invocation.input;
    int status = 0;
    bool exited = false;
    while (!exited || m_fds[1] || m_fds[2] || m_fds[3]) {
      if (!input.empty() && m_fds[0]) write_input(input);
      if (input.empty()) m_fds[0].reset();
      poll_outputs(exited ? 0 : 50);
      if (!exited && reap(status)) {
        exited = true;
        // Descendants may keep the pipes open; they die with the group.
        ::kill(-m_pid, SIGKILL);
      }
      if (exited && !has_pending_output()) break;
      if (!exited) enforce_limits();
    }
    for (auto& fd : m_fds) fd.reset();
    m_stderr.finish();
    m_progress.finish();
    return outcome(status);
  }

 private:
  // True once the tool has ended, with its wait status.
  bool reap(int& status) {
    if (!m_status_fd) {
      // wait4, not waitpid: the same reaping, plus the CPU time and peak RSS for /metrics.
      struct rusage usage {};
      if (::wait4(m_pid, &status, WNOHANG, &usage) != m_pid) return false;
      m_usage = resource_usage_of(jobkit::fork_end_of(status, usage));
      return true;
    }
    char bytes[jobkit::k_fork_end_bytes];
    const ssize_t count = ::read(m_status_fd.get(), bytes, sizeof bytes - m_end_report.size());
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) return false;
    if (count > 0) m_end_report.append(bytes, static_cast<std::size_t>(count));
    if (count > 0 && m_end_report.size() < jobkit::k_fork_end_bytes) return false;  // the rest is on its way
    if (const auto end = count > 0 ? jobkit::decode_fork_end(m_end_report) : std::nullopt) {
      status = end->wait_status;
      m_usage = resource_usage_of(*end);
      return true;
    }
    return server_failed(status);
  }

  // The fork server died without the status, or sent what is not one: the tool may still
  // run, unwatched. End it; a server that is still there cannot be trusted with the next job.
  bool server_failed(int& status) {
    if (!m_end_report.empty()) {
      spdlog::error("{}: the fork server's report on process {} is malformed ({} bytes); killing both",
                    m_invocation.argv.front(), m_pid, m_end_report.size());
      if (!m_server_killed) m_invocation.fork_server->kill_hung_server(m_server);
      m_server_killed = true;
    } else if (!m_server_killed) {
      spdlog::warn("{}: the fork server ended while process {} ran; killing it", m_invocation.argv.front(), m_pid);
    }
    ::kill(-m_pid, SIGKILL);
    status = SIGKILL;  // the wait status of a process killed by SIGKILL
    return true;
  }

  void write_input(std::string_view& input) {
    const ssize_t written = ::write(m_fds[0].get(), input.data(), input.size());
    if (written > 0) input.remove_prefix(static_cast<std::size_t>(written));
    if (written < 0 && errno != EAGAIN && errno != EINTR) input = {};  // the tool closed stdin: fine
  }

  bool has_pending_output() {
    pollfd fds[3] = {{m_fds[1].get(), POLLIN, 0}, {m_fds[2].get(), POLLIN, 0}, {m_fds[3].get(), POLLIN, 0}};
    return ::poll(fds, 3, 0) > 0;
  }

  void poll_outputs(int timeout_ms) {
    // The pidfd (or the status pipe) wakes the loop the moment the tool exits, even after it
    // closed every pipe (without it, poll would sleep out its whole timeout on each job).
    const int exit_fd = m_status_fd ? m_status_fd.get() : m_pidfd.get();
    pollfd fds[5] = {{m_fds[0].get(), POLLOUT, 0}, {m_fds[1].get(), POLLIN, 0}, {m_fds[2].get(), POLLIN, 0},
                     {m_fds[3].get(), POLLIN, 0}, {exit_fd, POLLIN, 0}};
    if (::poll(fds, 5, exit_fd >= 0 ? timeout_ms : std::min(timeout_ms, 2)) <= 0) return;
    for (int i = 1; i < 4; ++i) {
      if (fds[i].revents != 0) drain(i);
    }
  }

  void drain(int index) {
    char buffer[65536];
    for (;;) {
      const ssize_t count = ::read(m_fds[index].get(), buffer, sizeof buffer);
      if (count > 0) {
        accept_output(index, std::string_view(buffer, static_cast<std::size_t>(count)));
        continue;
      }
      if (count < 0 && (errno == EAGAIN || errno == EINTR)) return;
      m_fds[index].reset();  // EOF or error
      return;
    }
  }

  void accept_output(int index, std::string_view bytes) {
    if (index == 2) return m_stderr.feed(bytes);
    if (index == 3) return m_progress.feed(bytes);
    const auto cap = static_cast<std::size_t>(m_invocation.limits.max_output_bytes);
    if (m_output.size() + bytes.size() > cap) {
      m_output.append(bytes.substr(0, cap - m_output.size()));
      if (m_end == ToolEnd::exited) begin_stop(ToolEnd::output_too_large);
      return;
    }
    m_output.append(bytes);
  }

  void begin_stop(ToolEnd reason) {
    m_end = reason;
    ::kill(-m_pid, SIGTERM);
    m_kill_at = Clock::now() + std::chrono::milliseconds(m_invocation.limits.kill_grace_ms);
  }

  void enforce_limits() {
    const auto now = Clock::now();
    if (m_end == ToolEnd::exited) {
      if (now >= m_deadline) begin_stop(ToolEnd::timed_out);
      else if (m_invocation.should_stop && m_invocation.should_stop()) begin_stop(ToolEnd::stopped);
    } else if (now >= m_kill_at) {
      ::kill(-m_pid, SIGKILL);
      if (m_status_fd) watch_for_hung_server(now);
    }
  }

  // The process was killed, yet its status has not come: a stopped or deadlocked server
  // would hold the job forever. Once the process has ended and the server has said nothing
  // for k_end_report_bound, the server is killed; its closing status pipe ends the job.
  void watch_for_hung_server(Clock::time_point now) {
    if (!process_has_ended()) return;  // say, in uninterruptible sleep: SIGKILL acts later
    if (!m_ended_seen_at) m_ended_seen_at = now;
    if (now - *m_ended_seen_at < k_end_report_bound || m_server_killed) return;
    m_server_killed = true;
    m_invocation.fork_server->kill_hung_server(m_server);
  }

  // Whether the job's process has ended. It is the server's child, not ours: no waitpid, but
  // a pidfd tells, and the server, stopped, cannot reap it (so its pid cannot be reused).
  bool process_has_ended() {
    if (!m_pidfd) {
      m_pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, m_pid, 0)));
      // Gone altogether, or no pidfd_open (kernels before 5.3): after SIGKILL, take it as ended.
      if (!m_pidfd) return true;
    }
    pollfd watched{m_pidfd.get(), POLLIN, 0};
    return ::poll(&watched, 1, 0) > 0;
  }

  ToolOutcome outcome(int status) {
    ToolOutcome result;
    result.end = m_end;
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    if (result.end == ToolEnd::exited && WIFSIGNALED(status)) result.end = ToolEnd::signalled;
    result.output = std::move(m_output);
    result.stderr_tail.assign(m_stderr.tail().begin(), m_stderr.tail().end());
    result.run_time = Clock::now() - m_started;
    result.usage = m_usage;
    return result;
  }

  const ToolInvocation& m_invocation;
  pid_t m_pid;
  pid_t m_server;  // the fork server that made the process, or -1
  FileDescriptor m_fds[4];  // stdin (write end), stdout, stderr, progress (read ends)
  LineReader m_stderr;
  LineReader m_progress;
  std::string m_output;
  ToolEnd m_end = ToolEnd::exited;
  Clock::time_point m_started;
  Clock::time_point m_deadline;
  Clock::time_point m_kill_at;
  std::optional<ResourceUsage> m_usage;
  FileDescriptor m_status_fd;  // the fork server's status pipe, or none
  std::string m_end_report;    // what the server has written of its ForkEnd so far
  // The process's pidfd: for a child of ours from the start; for the server's, opened once it
  // has been killed. None where pidfd_open is unavailable (kernels before 5.3).
  FileDescriptor m_pidfd;
  std::optional<Clock::time_point> m_ended_seen_at;  // when the server's process was first seen ended
  bool m_server_killed = false;
};

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

ToolOutcome not_started(std::string why) {
  ToolOutcome outcome;
  outcome.error = std::move(why);
  return outcome;
}

// The same process from the tool's fork server; nullopt when the server cannot make it
// (the caller then uses exec).
std::optional<ToolOutcome> run_forked_by_server(const ToolInvocation& invocation) {
  JobPipes pipes;
  if (!pipes.made()) return std::nullopt;
  const jobkit::ForkRequest request{invocation.argv, invocation.environment, process_limits(invocation.limits)};
  // Not past the job's own timeout: that holds whatever the server does.
  auto forked = invocation.fork_server->spawn(request, pipes.child_ends().fds,
                                              std::chrono::milliseconds(invocation.limits.timeout_ms));
  pipes.close_child_ends();
  if (!forked && forked.error().exit_code == jobkit::ExitCode::unavailable) {
    // The hung server may have started the job's process: starting another could run it twice.
    return not_started(forked.error().message);
  }
  if (!forked) {
    spdlog::warn("{}; running it with exec", forked.error().message);
    return std::nullopt;
  }
  return ChildMonitor(invocation, std::move(forked).value(), std::move(pipes)).run();
}

}  // namespace

ToolOutcome run_tool_process(const ToolInvocation& invocation) {
  if (invocation.fork_server != nullptr && invocation.argv.front() == invocation.fork_server->program()) {
    if (auto outcome = run_forked_by_server(invocation)) return std::move(*outcome);
  }
  std::vector<std::string> argv_strings = invocation.argv;
  std::vector<std::string> env_strings = invocation.environment;
  const std::vector<char*> argv = pointers(argv_strings);
  const std::vector<char*> envp = pointers(env_strings);
  JobPipes pipes;
  jobkit::Pipe exec_status = jobkit::make_pipe();
  if (!pipes.made() || !exec_status.read) return not_started(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  jobkit::JobDescriptors child = pipes.child_ends();
  child.kept = exec_status.write.get();
  const jobkit::ProcessLimits limits = process_limits(invocation.limits);
  const pid_t pid = ::fork();
  if (pid == 0) exec_child(argv.data(), envp.data(), child, limits);
  const int fork_error = errno;
  pipes.close_child_ends();
  exec_status.write.reset();
  if (pid < 0) return not_started(fmt::format("cannot fork: {}", std::strerror(fork_error)));
  // EOF means exec succeeded; an errno means it did not, and the child has exited.
  int exec_error = 0;
  ssize_t count = 0;
  do {
    count = ::read(exec_status.read.get(), &exec_error, sizeof exec_error);
  } while (count < 0 && errno == EINTR);
  exec_status.read.reset();
  if (count == sizeof exec_error) {
    ::waitpid(pid, nullptr, 0);
    return not_started(fmt::format("cannot execute {}: {}", invocation.argv.front(), std::strerror(exec_error)));
  }
  ::setpgid(pid, pid);  // also here, so the group exists before any kill(-pid)
  return ChildMonitor(invocation, pid, std::move(pipes)).run();
}

}  // namespace queue_runner
