// The server stays single-threaded, so that each fork copies a process in which every lock
// is free and the child may do what any freshly started tool does.
//
// While no request waits, it keeps one spare child forked ahead of time, idle until the
// server hands it the next job over a socket of their own: the fork then happens while the
// previous job runs rather than between the request and the job's start. The spare is
// forked from the server, which never runs a job, so it holds nothing of any job; it dies
// with the server. Requests that arrive together are forked for directly, as handing over
// costs more than it saves when the fork would not have waited for an idle moment anyway.
//
// Making the spare's pages present ahead of the job (MADV_POPULATE_READ on every loaded
// object) was measured and left out: populating, and unmapping at exit, all the libraries'
// pages cost more CPU per job than the page faults of what a job touches.
#include "jobkit/fork_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/fork_protocol.hpp"
#include "jobkit/job_process.hpp"

namespace jobkit {
namespace {

constexpr std::size_t k_max_request_bytes = 1 << 20;

struct ReceivedRequest {
  std::string_view bytes;  // in the server's receive buffer
  std::vector<FileDescriptor> fds;
  bool whole = true;  // false when the message or its descriptors were cut short
};

void write_status_word(int fd, std::int32_t value) {
  // The runner may be gone; nothing to do about that here.
  (void)write_all(fd, std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
}

// Returns false at the end of the connection.
bool receive_request(int socket_fd, std::vector<char>& buffer, ReceivedRequest& request) {
  iovec io{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * fork_descriptor_count)];
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t received = 0;
  do {
    received = ::recvmsg(socket_fd, &message, MSG_CMSG_CLOEXEC);
  } while (received < 0 && errno == EINTR);
  if (received <= 0) return false;
  request.bytes = std::string_view(buffer.data(), static_cast<std::size_t>(received));
  request.fds.clear();
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    const auto* first = reinterpret_cast<const int*>(CMSG_DATA(header));
    for (std::size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, first + i, sizeof fd);
      request.fds.emplace_back(fd);
    }
  }
  request.whole = (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) == 0;
  return true;
}

// The job has written its result: what is left of exit() is the libraries' static
// destructors and atexit handlers, which free memory the kernel reclaims anyway, and in a
// forked child fault in or copy a page of many a library's data to do it. Only what is
// buffered for the job's descriptors matters. LeakSanitizer checks at exit(): sanitizer
// builds keep it.
[[noreturn]] void end_job_process(int status) {
#if defined(__SANITIZE_ADDRESS__)
  std::exit(status);
#else
  std::fflush(nullptr);
  std::cout.flush();
  std::cerr.flush();
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) { logger->flush(); });
  ::_exit(status);
#endif
}

// In the forked child: becomes the job's process as exec would have made it. The server is
// single-threaded, so ordinary library calls are safe here. `left_open`: what a spare's work
// opened for the job, or -1.
[[noreturn]] void become_job_process(ForkRequest& request, const std::vector<FileDescriptor>& fds,
                                     const ForkedJobFunction& run_job, int left_open = -1) {
  // A spare that became the job lives on as any child of the server, which the runner
  // watches; it must not die with the server while the runner still reads its output.
  ::prctl(PR_SET_PDEATHSIG, 0);
  // Closes the server's socket, signalfd and status pipes, or the spare's socket, along
  // with everything else.
  const JobDescriptors descriptors{.fds = {fds[fork_stdin].get(), fds[fork_stdout].get(), fds[fork_stderr].get(),
                                           fds[fork_progress].get()},
                                   .left_open = left_open};
  if (!prepare_job_process(descriptors, request.limits)) ::_exit(127);
  ::clearenv();
  for (auto& variable : request.environment) {
    if (variable.find('=') != std::string::npos) ::putenv(variable.data());  // lives until exit
  }
  std::vector<const char*> argv;
  for (const auto& argument : request.argv) argv.push_back(argument.c_str());
  argv.push_back(nullptr);
  end_job_process(run_job(static_cast<int>(request.argv.size()), argv.data()));
}

// Hands a checked request and the job's four descriptors to the spare; 0 or errno.
int hand_over(int spare_socket, std::string_view bytes, const std::vector<FileDescriptor>& fds) {
  const int job_fds[fork_status] = {fds[fork_stdin].get(), fds[fork_stdout].get(), fds[fork_stderr].get(),
                                    fds[fork_progress].get()};
  return send_fork_message(spare_socket, bytes, job_fds, 0);
}

// Until the job's request can be read from `socket_fd`, steps the spare's work whenever what
// it waits for is ready. Once the work has nothing left, only the job is waited for.
void wait_for_job(int socket_fd, SpareWork* work) {
  for (;;) {
    const auto wait = work != nullptr ? work->next_wait() : std::nullopt;
    pollfd watched[2] = {{socket_fd, POLLIN, 0}, {wait ? wait->fd : -1, wait ? wait->events : short{0}, 0}};
    if (::poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;  // the read of the request reports what is wrong
    }
    if (watched[0].revents != 0) return;
    if (watched[1].revents != 0) work->step();
  }
}

// Keeps fds 0 to 2 taken, so that what the spare's work opens lands above the job's four.
void occupy_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    // open() takes the lowest free number, which is this one: every lower one is taken.
    if (::fcntl(fd, F_GETFD) < 0) (void)::open("/dev/null", O_RDWR | O_CLOEXEC);
  }
}

// In the spare: waits for its job and becomes its process. The server going away (its end
// of the socket closing, or PR_SET_PDEATHSIG) ends the spare.
[[noreturn]] void serve_as_spare(int socket_fd, pid_t server, std::vector<char>& buffer,
                                 const ForkedJobFunction& run_job, const SpareWorkFactory& spare_work) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != server) ::_exit(0);  // the server died before the line above
  // Nothing of the server's stays open here: not the runner's socket (stdin), whose end
  // must close when the server dies, nor the status pipes of the jobs running now. Stdout
  // and stderr stay for the job's own start.
  constexpr int k_spare_socket = 3;
  if (socket_fd != k_spare_socket && ::dup2(socket_fd, k_spare_socket) < 0) ::_exit(0);
  ::close(STDIN_FILENO);
  ::syscall(SYS_close_range, static_cast<unsigned>(k_spare_socket + 1), UINT_MAX, 0U);
  std::unique_ptr<SpareWork> work;
  if (spare_work) {
    occupy_standard_descriptors();
    work = spare_work();
  }
  wait_for_job(k_spare_socket, work.get());
  ReceivedRequest received;
  if (!receive_request(k_spare_socket, buffer, received)) ::_exit(0);
  auto request = received.whole ? decode_fork_request(received.bytes) : std::nullopt;
  if (!request || received.fds.size() != fork_status) ::_exit(127);  // the server checked it: cannot happen
  received.fds.emplace_back();  // no status pipe: the server keeps it
  const int left_open = work != nullptr ? work->kept_descriptor() : -1;
  become_job_process(*request, received.fds, run_job, left_open > k_spare_socket ? left_open : -1);
}

class ForkServer {
 public:
  ForkServer(int socket_fd, const ForkedJobFunction& run_job, const SpareWorkFactory& spare_work)
      : m_socket(socket_fd), m_run_job(run_job), m_spare_work(spare_work) {}

  int serve() {
    // A runner that went away must not kill the server or the jobs still running.
    ::signal(SIGPIPE, SIG_IGN);
    sigset_t child_signal;
    sigemptyset(&child_signal);
    sigaddset(&child_signal, SIGCHLD);
    ::sigprocmask(SIG_BLOCK, &child_signal, nullptr);
    m_signals.reset(::signalfd(-1, &child_signal, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!m_signals) {
      spdlog::error("fork server: cannot watch its children: {}", std::strerror(errno));
      return 71;
    }
    if (::send(m_socket, k_fork_server_hello.data(), k_fork_server_hello.size(), MSG_NOSIGNAL) < 0) {
      spdlog::error("fork server: cannot greet the runner: {}", std::strerror(errno));
      return 71;
    }
    fork_spare();  // for the first job; failing here, the first job forks one itself
    bool accepting = true;
    while (accepting || !m_status_fds.empty()) {
      pollfd watched[2] = {{accepting ? m_socket : -1, POLLIN, 0}, {m_signals.get(), POLLIN, 0}};
      if (::poll(watched, 2, -1) < 0) {
        if (errno == EINTR) continue;
        spdlog::error("fork server: poll failed: {}", std::strerror(errno));
        return 71;
      }
      if (watched[1].revents != 0) reap_children();
      if (watched[0].revents != 0) accepting = take_request();
      if (!accepting) drop_spare();
    }
    return 0;
  }

 private:
  // Returns false when the runner has closed its end.
  bool take_request() {
    ReceivedRequest received;
    if (!receive_request(m_socket, m_buffer, received)) return false;
    auto request = received.whole ? decode_fork_request(received.bytes) : std::nullopt;
    if (!request || received.fds.size() != fork_descriptor_count) {
      spdlog::error("fork server: ignoring a malformed request ({} bytes, {} descriptors)", received.bytes.size(),
                    received.fds.size());
      if (received.fds.size() > fork_status) write_status_word(received.fds[fork_status].get(), -EINVAL);
      return true;
    }
    const pid_t pid = start_job(*request, received);
    // The status pipe stays open until the child has ended; the job's own descriptors close here.
    FileDescriptor status = std::move(received.fds[fork_status]);
    write_status_word(status.get(), pid);
    if (pid > 0) m_status_fds.emplace(pid, std::move(status));
    // The next job's process, made while this one runs.
    if (m_spare_pid < 0 && !request_waiting()) fork_spare();
    return true;
  }

  // The job's pid, or -errno: the spare's, or a child forked for it.
  pid_t start_job(ForkRequest& request, const ReceivedRequest& received) {
    if (m_spare_pid > 0) {
      const int error = hand_over(m_spare_socket.get(), received.bytes, received.fds);
      const pid_t spare = m_spare_pid;
      // Once handed over, the request stays queued for the spare after this end closes.
      m_spare_socket.reset();
      m_spare_pid = -1;
      if (error == 0) return spare;
      ::kill(spare, SIGKILL);  // died idle, or cannot take it; reaped with the other children
    }
    const pid_t pid = ::fork();
    if (pid == 0) become_job_process(request, received.fds, m_run_job);
    if (pid < 0) return -errno;
    ::setpgid(pid, pid);  // also here, so the group exists before the runner may signal it
    return pid;
  }

  bool request_waiting() const {
    pollfd socket{m_socket, POLLIN, 0};
    return ::poll(&socket, 1, 0) > 0;
  }

  // 0 or errno.
  int fork_spare() {
    SocketPair pair = make_socket_pair(SOCK_SEQPACKET);
    if (!pair.first) return errno;
    const pid_t server = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) serve_as_spare(pair.second.get(), server, m_buffer, m_run_job, m_spare_work);
    if (pid < 0) return errno;
    ::setpgid(pid, pid);  // the job's group exists before the runner gets its pid
    m_spare_pid = pid;
    m_spare_socket = std::move(pair.first);
    return 0;
  }

  void drop_spare() {
    if (m_spare_pid < 0) return;
    ::kill(m_spare_pid, SIGKILL);
    ::waitpid(m_spare_pid, nullptr, 0);
    m_spare_pid = -1;
    m_spare_socket.reset();
  }

  void reap_children() {
    signalfd_siginfo info;
    while (::read(m_signals.get(), &info, sizeof info) == sizeof info) {
    }
    int status = 0;
    struct rusage usage {};
    pid_t pid;
    // wait4: the runner reports a job's CPU time and peak RSS as it does for the tools it reaps.
    while ((pid = ::wait4(-1, &status, WNOHANG, &usage)) > 0) {
      if (pid == m_spare_pid) {  // died idle (killed by someone): the next job forks another
        m_spare_pid = -1;
        m_spare_socket.reset();
      }
      const auto found = m_status_fds.find(pid);
      if (found == m_status_fds.end()) continue;
      // The runner may be gone; nothing to do about that here.
      (void)write_all(found->second.get(), encode_fork_end(fork_end_of(status, usage)));
      m_status_fds.erase(found);
    }
  }

  int m_socket;
  const ForkedJobFunction& m_run_job;
  const SpareWorkFactory& m_spare_work;
  FileDescriptor m_signals;
  std::map<pid_t, FileDescriptor> m_status_fds;  // child -> the write end of its status pipe
  pid_t m_spare_pid = -1;                         // the child waiting for the next job, if any
  FileDescriptor m_spare_socket;                  // the server's end of the spare's socket
  // Made once: clearing a megabyte for every request cost more than the fork.
  std::vector<char> m_buffer = std::vector<char>(k_max_request_bytes);
};

}  // namespace

int serve_forks(int socket_fd, const ForkedJobFunction& run_job, const SpareWorkFactory& spare_work) {
  return ForkServer(socket_fd, run_job, spare_work).serve();
}

}  // namespace jobkit
