// What a job's process starts with, made the same way whether the runner exec's the tool or
// the tool's fork server forks it: a process group of its own, the job's descriptors as fds
// 0 to 3 and nothing else inherited, no blocked or ignored signals, and the job's rlimits.
#pragma once

#include <cstdint>

namespace jobkit {

struct ProcessLimits {
  std::int64_t memory_mb = 0;    // RLIMIT_AS; 0: none
  std::int64_t cpu_seconds = 0;  // RLIMIT_CPU; 0: none
};

// The descriptors the job's process gets: the first four become its fds 0 to 3. `kept`, when
// not -1, becomes fd 4 with close-on-exec set (the exec path's report of a failed exec).
// `left_open`, when not -1, stays open under its own number, which must be above the others: a
// connection a fork server's spare opened for its job (fork_server.hpp's SpareWork).
struct JobDescriptors {
  int fds[4];
  int kept = -1;
  int left_open = -1;
};

// Runs in a freshly forked child, before exec or before the job runs in the fork server's
// child: async-signal-safe, no allocation, so it is safe in a child of a multithreaded
// parent. Returns false, with errno set, when a descriptor could not be placed; the caller
// then ends the child with _exit(127). Every other descriptor is closed.
bool prepare_job_process(const JobDescriptors& descriptors, const ProcessLimits& limits);

// Sets the limits on the calling process. Async-signal-safe.
void apply_process_limits(const ProcessLimits& limits);

}  // namespace jobkit
