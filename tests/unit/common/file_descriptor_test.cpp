#include "jobkit/file_descriptor.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

using jobkit::FileDescriptor;
using jobkit::make_pipe;
using jobkit::make_socket_pair;

namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

bool closes_on_exec(int fd) { return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

// A descriptor number that is open and ours alone; its pipe partner is closed.
int open_descriptor() {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[1]);
  return fds[0];
}

}  // namespace

TEST_CASE("FileDescriptor: the destructor closes what it owns") {
  const int fd = open_descriptor();
  {
    const FileDescriptor owner(fd);
    CHECK(owner.get() == fd);
    CHECK(static_cast<bool>(owner));
  }
  CHECK_FALSE(is_open(fd));
}

TEST_CASE("FileDescriptor: an empty one holds -1 and closes nothing") {
  const FileDescriptor empty;
  CHECK(empty.get() == -1);
  CHECK_FALSE(static_cast<bool>(empty));
}

TEST_CASE("FileDescriptor: release gives the descriptor up without closing it") {
  const int fd = open_descriptor();
  {
    FileDescriptor owner(fd);
    CHECK(owner.release() == fd);
    CHECK(owner.get() == -1);
  }
  CHECK(is_open(fd));
  ::close(fd);
}

TEST_CASE("FileDescriptor: reset closes the old descriptor and holds the new one") {
  const int first = open_descriptor();
  const int second = open_descriptor();
  FileDescriptor owner(first);
  owner.reset(second);
  CHECK_FALSE(is_open(first));
  CHECK(owner.get() == second);
  owner.reset();
  CHECK_FALSE(is_open(second));
  CHECK(owner.get() == -1);
}

TEST_CASE("FileDescriptor: a move hands ownership over and closes what the target held") {
  const int first = open_descriptor();
  const int second = open_descriptor();
  FileDescriptor source(first);
  FileDescriptor moved(std::move(source));
  CHECK(source.get() == -1);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  CHECK(moved.get() == first);
  FileDescriptor target(second);
  target = std::move(moved);
  CHECK_FALSE(is_open(second));
  CHECK(is_open(first));
  CHECK(target.get() == first);
  CHECK(moved.get() == -1);  // NOLINT(bugprone-use-after-move)
}

TEST_CASE("make_pipe: both ends close on exec and carry bytes from write to read") {
  auto pipe = make_pipe();
  REQUIRE(pipe.read);
  REQUIRE(pipe.write);
  CHECK(closes_on_exec(pipe.read.get()));
  CHECK(closes_on_exec(pipe.write.get()));
  CHECK(jobkit::write_all(pipe.write.get(), "bytes") == 0);
  pipe.write.reset();
  char buffer[16];
  CHECK(::read(pipe.read.get(), buffer, sizeof buffer) == 5);
  CHECK(std::string(buffer, 5) == "bytes");
  CHECK(::read(pipe.read.get(), buffer, sizeof buffer) == 0);  // the write end is closed
}

TEST_CASE("make_socket_pair: both ends close on exec and keep message boundaries") {
  auto pair = make_socket_pair(SOCK_SEQPACKET);
  REQUIRE(pair.first);
  REQUIRE(pair.second);
  CHECK(closes_on_exec(pair.first.get()));
  CHECK(closes_on_exec(pair.second.get()));
  REQUIRE(::send(pair.first.get(), "one", 3, 0) == 3);
  REQUIRE(::send(pair.first.get(), "two", 3, 0) == 3);
  char buffer[16];
  CHECK(::recv(pair.second.get(), buffer, sizeof buffer, 0) == 3);
  CHECK(::recv(pair.second.get(), buffer, sizeof buffer, 0) == 3);
  CHECK(std::string(buffer, 3) == "two");
}
