// What run_tool_process needs from a tool's fork server: a job's process made by fork alone.
// ToolForkServer is the implementation; this interface lets the two be built and read apart.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/fork_protocol.hpp"
#include "jobkit/job_error.hpp"

namespace queue_runner {

// A job's process made by the fork server; its wait status arrives on status_fd
// (fork_protocol.hpp), which the server closes after writing it.
struct ForkedProcess {
  pid_t pid = -1;
  jobkit::FileDescriptor status_fd;
  pid_t server = -1;  // the server that made it, for kill_hung_server
};

class ProcessForker {
 public:
  // The program whose processes this makes.
  virtual const std::string& program() const = 0;
  // A process running request.argv with the four descriptors as its fds 0 to 3; the
  // descriptors stay the caller's to close. The server must take the request and report the
  // process's pid within `answer_within`. Errors: temporary (75) when no process could be
  // made this way (the caller then uses exec); unavailable (69) when the server did not
  // answer in time: it has been killed, and since it may have started a process for the job
  // already, the caller must not start another one (the job fails, to be retried).
  virtual jobkit::Result<ForkedProcess> spawn(const jobkit::ForkRequest& request, const int (&job_fds)[4],
                                              std::chrono::milliseconds answer_within) = 0;
  // The server that made a process did not report the end of a process it made: it is
  // stopped or deadlocked. Kills it (its other jobs' status pipes then close, which ends
  // them) so that the next job gets a new server. A server already collected is left alone.
  virtual void kill_hung_server(pid_t server) = 0;

 protected:
  ~ProcessForker() = default;
};

}  // namespace queue_runner
