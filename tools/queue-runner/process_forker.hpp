// What run_tool_process needs from a tool's fork server: a job's process made by fork alone.
// ToolForkServer is the implementation; this interface lets the two be built and read apart.
#pragma once

#include <sys/types.h>

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
};

class ProcessForker {
 public:
  // The program whose processes this makes.
  virtual const std::string& program() const = 0;
  // A process running request.argv with the four descriptors as its fds 0 to 3; the
  // descriptors stay the caller's to close. Errors: temporary (75) when no process could be
  // made this way (the caller then uses exec).
  virtual jobkit::Result<ForkedProcess> spawn(const jobkit::ForkRequest& request, const int (&job_fds)[4]) = 0;

 protected:
  ~ProcessForker() = default;
};

}  // namespace queue_runner
