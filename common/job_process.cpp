#include "jobkit/job_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

namespace jobkit {
namespace {

constexpr int k_job_descriptor_count = 4;
// Above every target fd (0 to 4), so that moving one descriptor into place never overwrites
// another still to be moved.
constexpr int k_out_of_the_way = 10;

// exec resets caught signals but keeps ignored ones: the runner ignores SIGPIPE, and a tool
// must start with the default (a write to a closed pipe ends it), as it would from a shell.
// Caught ones are left alone: exec resets them, and in a fork server's child they are the
// tool's own.
void reset_ignored_signals() {
  for (int signal = 1; signal < NSIG; ++signal) {
    struct sigaction current {};
    if (::sigaction(signal, nullptr, &current) != 0 || current.sa_handler != SIG_IGN) continue;
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    ::sigaction(signal, &fallback, nullptr);
  }
}

}  // namespace

bool prepare_job_process(const JobDescriptors& descriptors, const ProcessLimits& limits) {
  ::setpgid(0, 0);  // its own group, so that a timeout reaches every process the tool started
  const int sources[] = {descriptors.fds[0], descriptors.fds[1], descriptors.fds[2], descriptors.fds[3],
                         descriptors.kept};
  const int count = descriptors.kept >= 0 ? k_job_descriptor_count + 1 : k_job_descriptor_count;
  int moved[k_job_descriptor_count + 1];
  for (int target = 0; target < count; ++target) {
    moved[target] = ::fcntl(sources[target], F_DUPFD_CLOEXEC, k_out_of_the_way);
    if (moved[target] < 0) return false;
  }
  for (int target = 0; target < count; ++target) {
    if (::dup2(moved[target], target) < 0) return false;
  }
  // dup2 clears close-on-exec; the kept descriptor must close itself on a successful exec.
  if (descriptors.kept >= 0) ::fcntl(k_job_descriptor_count, F_SETFD, FD_CLOEXEC);
  // No Redis socket, fork-server socket or other job's pipe leaks into a tool.
  if (descriptors.left_open >= count) {
    if (descriptors.left_open > count) {
      ::syscall(SYS_close_range, static_cast<unsigned>(count), static_cast<unsigned>(descriptors.left_open - 1), 0U);
    }
    ::syscall(SYS_close_range, static_cast<unsigned>(descriptors.left_open + 1), UINT_MAX, 0U);
  } else {
    ::syscall(SYS_close_range, static_cast<unsigned>(count), UINT_MAX, 0U);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  reset_ignored_signals();
  apply_process_limits(limits);
  return true;
}

void apply_process_limits(const ProcessLimits& limits) {
  if (limits.memory_mb > 0) {
    const rlim_t bytes = static_cast<rlim_t>(limits.memory_mb) * 1024 * 1024;
    const rlimit limit{bytes, bytes};
    ::setrlimit(RLIMIT_AS, &limit);
  }
  if (limits.cpu_seconds > 0) {
    // SIGXCPU at the soft limit, SIGKILL five seconds later for a tool that catches it.
    const rlimit limit{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds + 5)};
    ::setrlimit(RLIMIT_CPU, &limit);
  }
}

}  // namespace jobkit
