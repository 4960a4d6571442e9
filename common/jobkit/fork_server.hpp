// A tool's fork server: the tool started once with its libraries loaded, forking a fresh
// process for each job the runner sends (fork_protocol.hpp has the protocol). Each job
// still gets a process of its own, with its own descriptors, environment, limits, process
// group and exit status, and a crash or a leak dies with it; what it saves is exec, the
// dynamic loader and each library's start-up, which for render-pdf cost more than the
// document itself.
#pragma once

#include <functional>
#include <memory>
#include <optional>

namespace jobkit {

// Called in each forked child, with the job's descriptors on fds 0 to 3 and its environment
// in place; returns the child's exit status.
using ForkedJobFunction = std::function<int(int argc, const char* const* argv)>;

// What a spare (the child forked ahead for the next job) may do while it waits, such as
// opening the database connection its job will ask for. The spare runs it one step at a time
// between waits for its job, so a job that arrives is never kept waiting behind it: whatever
// is unfinished then is the job's own to finish or drop.
class SpareWork {
 public:
  struct Wait {
    int fd;
    short events;  // poll(2) events
  };
  virtual ~SpareWork() = default;
  // What the next step waits for; nullopt when there is nothing left to do.
  virtual std::optional<Wait> next_wait() const = 0;
  virtual void step() = 0;
  // A descriptor the job's process keeps under its own number (the work's connection), or -1.
  virtual int kept_descriptor() const = 0;
};

// Called in each new spare, with the server's environment; nullptr when there is nothing to do.
using SpareWorkFactory = std::function<std::unique_ptr<SpareWork>()>;

// Serves requests on `socket_fd` until the runner closes its end, then waits for the
// children still running. Returns the server's exit status.
int serve_forks(int socket_fd, const ForkedJobFunction& run_job, const SpareWorkFactory& spare_work = {});

}  // namespace jobkit
