// prepare_job_process, run in a forked child that reports what it finds on its new stdout.
#include "jobkit/job_process.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "jobkit/file_descriptor.hpp"

namespace {

void ignore_signal(int) {}

ino_t inode_of(int fd) {
  struct stat status {};
  return ::fstat(fd, &status) == 0 ? status.st_ino : 0;
}

bool survives_exec(int fd) { return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0; }

int disposition(int signal) {
  struct sigaction current {};
  ::sigaction(signal, nullptr, &current);
  if (current.sa_handler == SIG_DFL) return 0;
  if (current.sa_handler == SIG_IGN) return 1;
  return 2;
}

// Forks a child that sets up the way a job's process must not stay (stdin's pipe on fd 1 and
// stdout's on fd 0, a blocked and an ignored signal, one caught), calls prepare_job_process
// and writes a line of what it then finds. Returns that line.
// With leave_open, the write end of a pipe made after all the others must stay open as it is
// (a spare's connection), with descriptors both below and above it closed.
std::string report_of_prepared_child(bool keep_fd_4, bool leave_open = false) {
  jobkit::Pipe in = jobkit::make_pipe(), out = jobkit::make_pipe(), err = jobkit::make_pipe(),
               progress = jobkit::make_pipe(), kept = jobkit::make_pipe(), unrelated = jobkit::make_pipe(),
               left = jobkit::make_pipe(), above = jobkit::make_pipe();
  REQUIRE(unrelated.read);
  REQUIRE(unrelated.read.get() > 4);  // so that it must be closed, not moved into place
  REQUIRE(left.write.get() > unrelated.read.get());
  REQUIRE(above.read.get() > left.write.get());
  const ino_t left_inode = inode_of(left.write.get());
  const ino_t expected[] = {inode_of(in.read.get()), inode_of(out.write.get()), inode_of(err.write.get()),
                            inode_of(progress.write.get()), inode_of(kept.write.get())};
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Each target taken by the descriptor meant for another: a naive dup2 order loses one.
    if (::dup2(in.read.get(), 1) < 0 || ::dup2(out.write.get(), 0) < 0) ::_exit(90);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    ::sigprocmask(SIG_BLOCK, &blocked, nullptr);
    ::signal(SIGUSR2, SIG_IGN);
    ::signal(SIGPIPE, SIG_IGN);
    ::signal(SIGURG, ignore_signal);
    const jobkit::JobDescriptors descriptors{.fds = {1, 0, err.write.get(), progress.write.get()},
                                             .kept = keep_fd_4 ? kept.write.get() : -1,
                                             .left_open = leave_open ? left.write.get() : -1};
    if (!jobkit::prepare_job_process(descriptors, {.memory_mb = 0, .cpu_seconds = 7})) ::_exit(91);
    bool placed = true;
    for (int fd = 0; fd < 4; ++fd) placed = placed && inode_of(fd) == expected[fd] && survives_exec(fd);
    const bool fd_4 = keep_fd_4 ? inode_of(4) == expected[4] && !survives_exec(4) : ::fcntl(4, F_GETFD) == -1;
    const bool left_as_asked =
        leave_open ? inode_of(left.write.get()) == left_inode : ::fcntl(left.write.get(), F_GETFD) == -1;
    const bool others_closed = ::fcntl(unrelated.read.get(), F_GETFD) == -1 &&
                               ::fcntl(left.read.get(), F_GETFD) == -1 && ::fcntl(above.read.get(), F_GETFD) == -1 &&
                               ::fcntl(above.write.get(), F_GETFD) == -1;
    sigset_t mask;
    ::sigprocmask(SIG_BLOCK, nullptr, &mask);
    rlimit cpu{};
    ::getrlimit(RLIMIT_CPU, &cpu);
    char line[256];
    const int length = std::snprintf(
        line, sizeof line,
        "placed=%d fd4=%d unrelated=%d left=%d others_closed=%d usr1_blocked=%d usr2=%d pipe=%d urg=%d group=%d "
        "cpu=%ld/%ld",
        placed, fd_4, ::fcntl(unrelated.read.get(), F_GETFD) != -1, left_as_asked, others_closed,
        sigismember(&mask, SIGUSR1), disposition(SIGUSR2),
        disposition(SIGPIPE), disposition(SIGURG), ::getpgrp() == ::getpid(), static_cast<long>(cpu.rlim_cur),
        static_cast<long>(cpu.rlim_max));
    ::_exit(jobkit::write_all(1, std::string_view(line, static_cast<std::size_t>(length))) == 0 ? 0 : 92);
  }
  out.write.reset();
  kept.write.reset();
  std::string report;
  char buffer[512];
  ssize_t count;
  while ((count = ::read(out.read.get(), buffer, sizeof buffer)) > 0) report.append(buffer, static_cast<std::size_t>(count));
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  return report;
}

}  // namespace

TEST_CASE("prepare_job_process: descriptors in place - nothing else inherited - signals and limits reset") {
  // Caught signals stay caught (urg=2): exec resets them, and a fork server's are the tool's.
  CHECK(report_of_prepared_child(false) ==
        "placed=1 fd4=1 unrelated=0 left=1 others_closed=1 usr1_blocked=0 usr2=0 pipe=0 urg=2 group=1 cpu=7/12");
}

TEST_CASE("prepare_job_process: the kept descriptor becomes fd 4 and closes on exec") {
  CHECK(report_of_prepared_child(true) ==
        "placed=1 fd4=1 unrelated=0 left=1 others_closed=1 usr1_blocked=0 usr2=0 pipe=0 urg=2 group=1 cpu=7/12");
}

TEST_CASE("prepare_job_process: a descriptor left open keeps its number and nothing else stays") {
  CHECK(report_of_prepared_child(false, true) ==
        "placed=1 fd4=1 unrelated=0 left=1 others_closed=1 usr1_blocked=0 usr2=0 pipe=0 urg=2 group=1 cpu=7/12");
}
