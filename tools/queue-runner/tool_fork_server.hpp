// The runner's side of a tool's fork server (common/jobkit/fork_server.hpp): started once
// per queue that asks for it, restarted when it dies, and asked for one process per job.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/file_identity.hpp"
#include "jobkit/fork_protocol.hpp"
#include "jobkit/job_error.hpp"
#include "process_forker.hpp"

namespace queue_runner {

class ToolForkServer final : public ProcessForker {
 public:
  // Starts `program --fork-server` with `environment` and waits for its greeting. nullptr
  // when the program does not answer as a fork server (a tool not built on jobkit's
  // run_tool, say); the reason is logged and the caller runs such tools with exec.
  static std::unique_ptr<ToolForkServer> start(std::string program, std::vector<std::string> environment);
  ~ToolForkServer();
  ToolForkServer(const ToolForkServer&) = delete;
  ToolForkServer& operator=(const ToolForkServer&) = delete;

  const std::string& program() const override { return m_program; }
  // The server's pid now (it changes when the server is replaced); -1 while there is none.
  pid_t pid();

  // Asks for a process running request.argv with the four descriptors as its fds 0 to 3.
  // A server found dead is started again once; when the program's file has changed (a
  // deploy), a new server is started and the old one left to finish its jobs and exit. A
  // server that does not take the request and answer within `answer_within` (at most 5 s) is
  // killed, and the next call starts another. Thread-safe. The descriptors stay the
  // caller's to close. Errors: as ProcessForker::spawn.
  jobkit::Result<ForkedProcess> spawn(const jobkit::ForkRequest& request, const int (&job_fds)[4],
                                      std::chrono::milliseconds answer_within) override;
  void kill_hung_server(pid_t server) override;

 private:
  struct Answer;

  ToolForkServer(std::string program, std::vector<std::string> environment);
  jobkit::Status launch();
  void retire();                   // no new jobs for this server; it exits after its last
  void reap_retired(bool wait);    // collects retired servers that have exited
  void stop();                     // retire and wait (2 s at most, then SIGKILL)
  void kill_current();             // SIGKILL and collect the current server; none is left
  Answer ask(const std::string& message, const int (&job_fds)[4], std::chrono::milliseconds answer_within);

  std::string m_program;
  std::vector<std::string> m_environment;
  std::mutex m_mutex;
  pid_t m_pid = -1;
  jobkit::FileDescriptor m_socket;
  std::optional<jobkit::FileIdentity> m_program_identity;  // of the file the server runs
  std::vector<pid_t> m_retired;
};

}  // namespace queue_runner
