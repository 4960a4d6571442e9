// A tool's fork server: the tool started once with its libraries loaded, forking a fresh
// process for each job the runner sends (fork_protocol.hpp has the protocol). Each job
// still gets a process of its own, with its own descriptors, environment, limits, process
// group and exit status, and a crash or a leak dies with it; what it saves is exec, the
// dynamic loader and each library's start-up, which for render-pdf cost more than the
// document itself.
#pragma once

#include <functional>

namespace jobkit {

// Called in each forked child, with the job's descriptors on fds 0 to 3 and its environment
// in place; returns the child's exit status.
using ForkedJobFunction = std::function<int(int argc, const char* const* argv)>;

// Serves requests on `socket_fd` until the runner closes its end, then waits for the
// children still running. Returns the server's exit status.
int serve_forks(int socket_fd, const ForkedJobFunction& run_job);

}  // namespace jobkit
