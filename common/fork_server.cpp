// The server stays single-threaded, so that each fork copies a process in which every lock
// is free and the child may do what any freshly started tool does.
#include "jobkit/fork_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
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

// In the forked child: becomes the job's process as exec would have made it. The server is
// single-threaded, so ordinary library calls are safe here.
[[noreturn]] void become_job_process(ForkRequest& request, const std::vector<FileDescriptor>& fds,
                                     const ForkedJobFunction& run_job) {
  // Closes the socket, the signalfd and the status pipes along with everything else.
  const JobDescriptors descriptors{.fds = {fds[fork_stdin].get(), fds[fork_stdout].get(), fds[fork_stderr].get(),
                                           fds[fork_progress].get()}};
  if (!prepare_job_process(descriptors, request.limits)) ::_exit(127);
  ::clearenv();
  for (auto& variable : request.environment) {
    if (variable.find('=') != std::string::npos) ::putenv(variable.data());  // lives until exit
  }
  std::vector<const char*> argv;
  for (const auto& argument : request.argv) argv.push_back(argument.c_str());
  argv.push_back(nullptr);
  std::exit(run_job(static_cast<int>(request.argv.size()), argv.data()));
}

class ForkServer {
 public:
  ForkServer(int socket_fd, const ForkedJobFunction& run_job) : m_socket(socket_fd), m_run_job(run_job) {}

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
    const pid_t pid = ::fork();
    if (pid == 0) become_job_process(*request, received.fds, m_run_job);
    const int fork_error = errno;
    if (pid > 0) ::setpgid(pid, pid);  // also here, so the group exists before the runner may signal it
    // The status pipe stays open until the child has ended; the job's own descriptors close here.
    FileDescriptor status = std::move(received.fds[fork_status]);
    write_status_word(status.get(), pid > 0 ? pid : -fork_error);
    if (pid > 0) m_status_fds.emplace(pid, std::move(status));
    return true;
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
      const auto found = m_status_fds.find(pid);
      if (found == m_status_fds.end()) continue;
      // The runner may be gone; nothing to do about that here.
      (void)write_all(found->second.get(), encode_fork_end(fork_end_of(status, usage)));
      m_status_fds.erase(found);
    }
  }

  int m_socket;
  const ForkedJobFunction& m_run_job;
  FileDescriptor m_signals;
  std::map<pid_t, FileDescriptor> m_status_fds;  // child -> the write end of its status pipe
  // Made once: clearing a megabyte for every request cost more than the fork.
  std::vector<char> m_buffer = std::vector<char>(k_max_request_bytes);
};

}  // namespace

int serve_forks(int socket_fd, const ForkedJobFunction& run_job) { return ForkServer(socket_fd, run_job).serve(); }

}  // namespace jobkit
