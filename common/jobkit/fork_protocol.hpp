// What queue-runner and a tool's fork server say to each other (see fork_server.hpp).
//
// The runner starts `TOOL --fork-server` with one end of a SOCK_SEQPACKET socket pair as
// its stdin. The server loads its libraries, announces itself with one message
// (k_fork_server_hello), then reads one message per job: an encoded ForkRequest, and five
// descriptors (SCM_RIGHTS) in ForkDescriptor order. It forks a child that becomes the job's
// process, and writes on the status pipe first the child's pid as an int32 (or -errno when
// it cannot fork), then, when the child has ended, an encoded ForkEnd (its wait status and
// what the kernel counted for it, k_fork_end_bytes long, one write); then it closes the pipe.
// A pipe that closes without a whole ForkEnd, or one that does not decode, means the server
// died or is broken.
#pragma once

#include <sys/resource.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jobkit/job_process.hpp"

namespace jobkit {

inline constexpr std::string_view k_fork_server_option = "--fork-server";
inline constexpr std::string_view k_fork_server_hello = "jobkit-fork-server 2";

// The descriptors of a request, in this order; the job's process gets the first four as
// fds 0 to 3.
enum ForkDescriptor { fork_stdin, fork_stdout, fork_stderr, fork_progress, fork_status, fork_descriptor_count };

struct ForkRequest {
  std::vector<std::string> argv;         // argv[0] is the tool's path
  std::vector<std::string> environment;  // the child's whole environment, NAME=VALUE
  ProcessLimits limits;
};

// How a job's process ended: the same figures whether the runner reaped it or the server did.
struct ForkEnd {
  int wait_status = 0;
  std::int64_t cpu_microseconds = 0;  // user + system
  std::int64_t peak_rss_bytes = 0;    // ru_maxrss
};

ForkEnd fork_end_of(int wait_status, const struct rusage& usage);  // from wait4's answer

inline constexpr std::size_t k_fork_end_bytes = 28;
std::string encode_fork_end(const ForkEnd& end);
// nullopt unless the bytes are exactly one ForkEnd of this version.
std::optional<ForkEnd> decode_fork_end(std::string_view bytes);

// Sends one message with `fds` (SCM_RIGHTS) on a SOCK_SEQPACKET socket; returns 0 or errno.
// `flags` as for sendmsg (MSG_NOSIGNAL is added).
int send_fork_message(int socket_fd, std::string_view bytes, std::span<const int> fds, int flags);

std::string encode_fork_request(const ForkRequest& request);
// nullopt when the bytes are not one whole request.
std::optional<ForkRequest> decode_fork_request(std::string_view bytes);

}  // namespace jobkit
