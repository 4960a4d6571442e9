#include "jobkit/file_descriptor.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace jobkit {

void FileDescriptor::reset(int fd) {
  // close may fail (EINTR, EIO), but the descriptor is released either way on Linux: a
  // second close could hit a descriptor another thread has just opened.
  if (m_fd >= 0) ::close(m_fd);
  m_fd = fd;
}

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  return {FileDescriptor(fds[0]), FileDescriptor(fds[1])};
}

SocketPair make_socket_pair(int type) {
  int fds[2];
  if (::socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, fds) != 0) return {};
  return {FileDescriptor(fds[0]), FileDescriptor(fds[1])};
}

int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

}  // namespace jobkit
