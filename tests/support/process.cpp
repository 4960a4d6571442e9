#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace jobkit::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::vector<std::string> result;
  const auto replaced = [&](const std::string& entry) {
    const std::string name = entry.substr(0, entry.find('='));
    for (const auto& unset : options.unset) {
      if (unset == name) return true;
    }
    for (const auto& added : options.environment) {
      if (added.substr(0, added.find('=')) == name) return true;
    }
    return name == "JOB_PROGRESS_FD";
  };
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!replaced(*entry)) result.emplace_back(*entry);
  }
  result.insert(result.end(), options.environment.begin(), options.environment.end());
  if (options.progress_channel) result.emplace_back("JOB_PROGRESS_FD=3");
  return result;
}

int open_or_throw(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string());
  return fd;
}

// In the child: put fd at target (dup2 clears FD_CLOEXEC on the copy).
void place(int fd, int target) {
  if (::dup2(fd, target) < 0) ::_exit(127);
}

}  // namespace

ChildProcess::ChildProcess(const ProcessOptions& options) {
  const auto dir = m_files.path();
  { std::ofstream(dir / "stdin", std::ios::binary) << options.input; }
  const int in = open_or_throw(dir / "stdin", O_RDONLY);
  const int out = open_or_throw(options.stdout_file.empty() ? dir / "stdout" : options.stdout_file,
                                O_WRONLY | O_CREAT | O_TRUNC);
  const int err = open_or_throw(dir / "stderr", O_WRONLY | O_CREAT | O_TRUNC);
  const int progress = open_or_throw(dir / "progress", O_WRONLY | O_CREAT | O_TRUNC);

  std::vector<std::string> environment = child_environment(options);
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> arguments = options.argv;
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  m_pid = ::fork();
  if (m_pid == 0) {
    place(in, 0);
    if (options.close_stdout) {
      ::close(1);
    } else {
      place(out, 1);
    }
    place(err, 2);
    if (options.progress_channel) place(progress, 3);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  for (const int fd : {in, out, err, progress}) ::close(fd);
  if (m_pid < 0) throw std::runtime_error("fork failed");
}

ChildProcess::~ChildProcess() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }
}

void ChildProcess::send_signal(int signal) const { ::kill(m_pid, signal); }

ProcessResult ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
    if (done == m_pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("child process did not end in time");  // the destructor kills it
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  m_pid = -1;
  ProcessResult result;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.out = read_file(m_files.path() / "stdout");
  result.err = read_file(m_files.path() / "stderr");
  result.progress = read_file(m_files.path() / "progress");
  return result;
}

ProcessResult run_process(const ProcessOptions& options) { return ChildProcess(options).wait(); }

std::filesystem::path built_program(const std::string& name) {
  return std::filesystem::path(JOBKIT_TEST_BINARY_DIR) / name;
}

}  // namespace jobkit::testing
