#include "jobkit/file_descriptor.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

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

void reserve_standard_descriptors() {
  for (const int fd : {0, 1, 2}) {
    if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    const int placeholder = ::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
    if (placeholder >= 0 && placeholder != fd) {
      ::dup2(placeholder, fd);
      ::close(placeholder);
    }
  }
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

std::optional<std::string> read_up_to(int fd, std::size_t max_bytes) {
  std::string bytes;
  char buffer[65536];
  const std::size_t wanted = max_bytes == SIZE_MAX ? max_bytes : max_bytes + 1;
  while (bytes.size() < wanted) {
    const std::size_t room = std::min(sizeof buffer, wanted - bytes.size());
    const ssize_t got = ::read(fd, buffer, room);
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (got == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  return bytes;
}

}  // namespace jobkit
