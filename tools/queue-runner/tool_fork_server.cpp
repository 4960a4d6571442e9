// The runner is multithreaded, so the server is started with posix_spawn (nothing runs
// between fork and exec) in a process group of its own: a Ctrl-C meant for the runner must
// not take the server, and with it the running jobs' exit statuses, down first.
#include "tool_fork_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "jobkit/signal_name.hpp"

namespace queue_runner {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using jobkit::signal_name;

constexpr int k_greeting_timeout_ms = 10000;
// Forking takes milliseconds even on a loaded machine; a server silent for this long is
// stopped or deadlocked, and every job of the queue would wait on it.
constexpr auto k_longest_answer = std::chrono::milliseconds(5000);
constexpr auto k_exit_wait = std::chrono::seconds(2);

bool wait_ready(int fd, short events, int timeout_ms) {
  pollfd watched{fd, events, 0};
  int ready;
  do {
    ready = ::poll(&watched, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

bool wait_readable(int fd, int timeout_ms) { return wait_ready(fd, POLLIN, timeout_ms); }

std::string describe_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("was killed by {}", signal_name(WTERMSIG(status)));
  return "ended";
}

// Sends a request with its five descriptors; returns 0 or errno (EAGAIN: the server has not
// read its earlier requests).
int send_request(int socket_fd, const std::string& message, const int (&fds)[jobkit::fork_descriptor_count]) {
  return jobkit::send_fork_message(socket_fd, message, fds, MSG_DONTWAIT);
}

}  // namespace

// What asking the server gave: a process, or why not and whether the server is gone (dead,
// to be started again) or hung (killed: the job may have a process already).
struct ToolForkServer::Answer {
  ForkedProcess process;
  bool server_gone = false;
  bool server_hung = false;
  std::string error;
};

ToolForkServer::ToolForkServer(std::string program, std::vector<std::string> environment)
    : m_program(std::move(program)), m_environment(std::move(environment)) {}

ToolForkServer::~ToolForkServer() { stop(); }

std::unique_ptr<ToolForkServer> ToolForkServer::start(std::string program, std::vector<std::string> environment) {
  std::unique_ptr<ToolForkServer> server(new ToolForkServer(std::move(program), std::move(environment)));
  if (auto launched = server->launch(); !launched) {
    spdlog::warn("{}: no fork server ({}); running it with exec for each job", server->m_program,
                 launched.error().message);
    return nullptr;
  }
  return server;
}

jobkit::Status ToolForkServer::launch() {
  jobkit::SocketPair pair = jobkit::make_socket_pair(SOCK_SEQPACKET);
  if (!pair.first) {
    return JobError::make(ExitCode::temporary, fmt::format("cannot create a socket pair: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pair.second.get(), STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attributes, &signals);  // the runner's threads block SIGTERM and SIGINT
  sigfillset(&signals);
  posix_spawnattr_setsigdefault(&attributes, &signals);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  m_program_identity = jobkit::identify_file(m_program);
  std::vector<std::string> strings = {m_program, std::string(jobkit::k_fork_server_option)};
  std::vector<char*> argv = {strings[0].data(), strings[1].data(), nullptr};
  std::vector<std::string> environment = m_environment;
  // Bind every symbol while the server starts, once, rather than lazily in each child (which
  // would resolve the same symbols again on its first calls). Children do not exec, so the
  // jobs never see this variable.
  environment.emplace_back("LD_BIND_NOW=1");
  std::vector<char*> envp;
  for (auto& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  const int spawned = ::posix_spawn(&m_pid, m_program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  pair.second.reset();
  m_socket = std::move(pair.first);
  if (spawned != 0) {
    m_pid = -1;
    stop();
    return JobError::make(ExitCode::temporary, fmt::format("cannot start it: {}", std::strerror(spawned)));
  }

  char greeting[64];
  const bool answered = wait_readable(m_socket.get(), k_greeting_timeout_ms);
  const ssize_t length = answered ? ::recv(m_socket.get(), greeting, sizeof greeting, 0) : -1;
  if (length > 0 && std::string_view(greeting, static_cast<std::size_t>(length)) == jobkit::k_fork_server_hello) {
    spdlog::debug("{}: fork server {} started", m_program, m_pid);
    return jobkit::Done{};
  }
  std::string why = answered ? "it did not answer as a fork server" : "it did not answer within 10 s";
  int status = 0;
  if (length == 0 && ::waitpid(m_pid, &status, 0) == m_pid) {
    why = fmt::format("it {} when asked for --fork-server", describe_status(status));
    m_pid = -1;
  }
  stop();
  return JobError::make(ExitCode::temporary, why);
}

// Closing the socket tells the server to finish: it exits once its children have ended.
void ToolForkServer::retire() {
  m_socket.reset();
  if (m_pid > 0) m_retired.push_back(m_pid);
  m_pid = -1;
}

void ToolForkServer::reap_retired(bool wait) {
  const auto give_up = std::chrono::steady_clock::now() + k_exit_wait;
  while (!m_retired.empty()) {
    std::erase_if(m_retired, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) != 0; });
    if (m_retired.empty() || !wait) return;
    if (std::chrono::steady_clock::now() >= give_up) {
      for (const pid_t pid : m_retired) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
      m_retired.clear();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ToolForkServer::stop() {
  retire();
  reap_retired(true);
}

pid_t ToolForkServer::pid() {
  std::lock_guard lock(m_mutex);
  return m_pid;
}

jobkit::Result<ForkedProcess> ToolForkServer::spawn(const jobkit::ForkRequest& request, const int (&job_fds)[4],
                                                    std::chrono::milliseconds answer_within) {
  const std::string message = jobkit::encode_fork_request(request);
  answer_within = std::clamp(answer_within, std::chrono::milliseconds(1), k_longest_answer);
  std::lock_guard lock(m_mutex);
  reap_retired(false);
  if (m_socket && jobkit::identify_file(m_program) != m_program_identity) {
    spdlog::info("{} has changed; starting a new fork server (server {} finishes its jobs)", m_program, m_pid);
    retire();
  }
  std::string error;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!m_socket) {
      if (auto launched = launch(); !launched) return launched.error();
    }
    const pid_t server = m_pid;
    auto answer = ask(message, job_fds, answer_within);
    if (answer.error.empty()) return std::move(answer.process);
    error = answer.error;
    if (answer.server_hung) {
      spdlog::warn("{}: fork server {} {}; killed it, a new one serves the next job", m_program, server, error);
      kill_current();
      return JobError::make(ExitCode::unavailable, fmt::format("fork server of {} {}", m_program, error));
    }
    if (!answer.server_gone) break;
    spdlog::warn("{}: fork server {} is gone ({}); starting another", m_program, server, error);
    stop();
  }
  return JobError::make(ExitCode::temporary, fmt::format("fork server of {}: {}", m_program, error));
}

void ToolForkServer::kill_current() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);  // also ends a stopped process
    ::waitpid(m_pid, nullptr, 0);
  }
  m_socket.reset();
  m_pid = -1;
}

void ToolForkServer::kill_hung_server(pid_t server) {
  std::lock_guard lock(m_mutex);
  // Only a server not yet collected: its pid cannot have been reused.
  if (server > 0 && server == m_pid) {
    spdlog::warn("{}: fork server {} did not report the end of a job's process; killed it, a new one serves the "
                 "next job",
                 m_program, server);
    return kill_current();
  }
  const auto retired = std::find(m_retired.begin(), m_retired.end(), server);
  if (retired == m_retired.end()) return;
  spdlog::warn("{}: retired fork server {} did not report the end of a job's process; killed it", m_program, server);
  ::kill(server, SIGKILL);
  ::waitpid(server, nullptr, 0);
  m_retired.erase(retired);
}

ToolForkServer::Answer ToolForkServer::ask(const std::string& message, const int (&job_fds)[4],
                                           std::chrono::milliseconds answer_within) {
  Answer answer;
  jobkit::Pipe status = jobkit::make_pipe();
  if (!status.read) {
    answer.error = fmt::format("cannot create a pipe: {}", std::strerror(errno));
    return answer;
  }
  const auto give_up = std::chrono::steady_clock::now() + answer_within;
  const auto remaining_ms = [&] {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::int64_t>(left.count(), 0));
  };
  const int fds[jobkit::fork_descriptor_count] = {job_fds[0], job_fds[1], job_fds[2], job_fds[3], status.write.get()};
  int send_error = send_request(m_socket.get(), message, fds);
  // A full socket: the server has not read its earlier requests; wait for room, not forever.
  while (send_error == EAGAIN && remaining_ms() > 0 && wait_ready(m_socket.get(), POLLOUT, remaining_ms())) {
    send_error = send_request(m_socket.get(), message, fds);
  }
  status.write.reset();  // the server holds its copy until the job's process has ended
  if (send_error == EAGAIN) {
    answer.server_hung = true;
    answer.error = fmt::format("did not take the job within {} ms", answer_within.count());
    return answer;
  }
  if (send_error != 0) {
    answer.error = fmt::format("cannot send the job: {}", std::strerror(send_error));
    answer.server_gone = send_error != EMSGSIZE;  // too big for one message: not the server's fault
    return answer;
  }
  std::int32_t pid = 0;
  ssize_t length = -1;
  const bool answered = wait_readable(status.read.get(), remaining_ms());
  if (answered) {
    do {
      length = ::read(status.read.get(), &pid, sizeof pid);
    } while (length < 0 && errno == EINTR);
  }
  if (!answered) {
    answer.server_hung = true;
    answer.error = fmt::format("did not answer within {} ms", answer_within.count());
    return answer;
  }
  if (length != sizeof pid || pid < 0) {
    answer.server_gone = length != sizeof pid;
    answer.error = answer.server_gone ? "no answer" : fmt::format("cannot fork: {}", std::strerror(-pid));
    return answer;
  }
  ::fcntl(status.read.get(), F_SETFL, O_NONBLOCK);
  answer.process = {pid, std::move(status.read), m_pid};
  return answer;
}

}  // namespace queue_runner
