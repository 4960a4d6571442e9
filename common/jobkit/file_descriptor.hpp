// Owning, writing and reading raw file descriptors: an owner that closes its descriptor on
// every path out of a scope, and a write and a read where a short count or EINTR is not an
// error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jobkit {

// Owns one descriptor and closes it in its destructor; -1 means none. Move-only.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(FileDescriptor&& other) noexcept : m_fd(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return m_fd; }
  explicit operator bool() const { return m_fd >= 0; }
  // Gives the descriptor up without closing it.
  int release() { return std::exchange(m_fd, -1); }
  // Closes the descriptor held, if any, and holds `fd` instead.
  void reset(int fd = -1);

 private:
  int m_fd = -1;
};

// Both ends are close-on-exec, so no descriptor reaches a program exec'd by another thread.
// When the call fails, both ends are empty and errno says why.
struct Pipe {
  FileDescriptor read;
  FileDescriptor write;
};
Pipe make_pipe();

struct SocketPair {
  FileDescriptor first;
  FileDescriptor second;
};
// An AF_UNIX pair of `type` (SOCK_STREAM, SOCK_SEQPACKET...).
SocketPair make_socket_pair(int type);

// Keeps descriptors 0, 1 and 2 taken. One that the caller left closed (`tool >&-`) is
// opened on /dev/null the wrong way round (stdin for writing, stdout and stderr for reading),
// so that reading or writing it still fails (EBADF) as it would closed, and no socket or file
// opened later can take its number and receive the result meant for stdout. Call first thing.
void reserve_standard_descriptors();

// Writes every byte, retrying after EINTR and short writes. Returns 0, or the errno of the
// write that failed.
int write_all(int fd, std::string_view bytes);

// Reads from fd until its end, or until more than max_bytes have come (then max_bytes + 1
// are returned, so a caller can tell "over the limit" without reading all of a huge file),
// retrying after EINTR. Returns nullopt, with errno set, when a read fails.
std::optional<std::string> read_up_to(int fd, std::size_t max_bytes);

}  // namespace jobkit
