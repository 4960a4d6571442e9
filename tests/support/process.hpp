// Runs a program as a child process, the way queue-runner and a shell do: argv without a
// shell, the job on stdin, and stdout, stderr and the progress channel (fd 3) captured.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace jobkit::testing {

struct ProcessOptions {
  std::vector<std::string> argv;
  std::string input;                     // written to stdin, which is then closed
  std::vector<std::string> environment;  // NAME=VALUE entries added to (or replacing) ours
  std::vector<std::string> unset;        // names removed from the inherited environment
  bool progress_channel = false;         // open fd 3 and set JOB_PROGRESS_FD=3
  // Where stdout goes instead of being captured: a file such as /dev/full (every write
  // fails with ENOSPC), or, with close_stdout, nowhere (fd 1 closed, writes fail with EBADF).
  std::filesystem::path stdout_file;
  bool close_stdout = false;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
  std::string progress;
};

// A started child whose output goes to files, so that no pipe can fill up and block it.
class ChildProcess {
 public:
  explicit ChildProcess(const ProcessOptions& options);
  ~ChildProcess();  // kills and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }
  void send_signal(int signal) const;
  // Waits for the child to end (at most timeout; then kills it and fails the wait).
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(60));

 private:
  TempDir m_files;
  pid_t m_pid = -1;
};

ProcessResult run_process(const ProcessOptions& options);

// The path of a program built next to the tests (CMake passes the build folder).
std::filesystem::path built_program(const std::string& name);

}  // namespace jobkit::testing
