// A request is a fixed header (magic, limits, counts) and then argv and the environment as
// NUL-terminated strings, as execve would take them. Both ends are the same build on the
// same machine, so numbers travel in host byte order.
#include "jobkit/fork_protocol.hpp"

#include <sys/socket.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace jobkit {
namespace {

constexpr std::string_view k_magic = "JKF1";

struct Header {
  std::int64_t memory_mb;
  std::int64_t cpu_seconds;
  std::uint32_t argc;
  std::uint32_t envc;
};

void append_strings(std::string& bytes, const std::vector<std::string>& strings) {
  for (const auto& text : strings) {
    bytes.append(text.data(), ::strnlen(text.data(), text.size()));  // as execve would see it
    bytes += '\0';
  }
}

constexpr std::string_view k_end_magic = "JKE2";

struct EndFigures {
  std::int64_t wait_status;  // 64 bits: no padding, so every byte sent is defined
  std::int64_t cpu_microseconds;
  std::int64_t peak_rss_bytes;
};
static_assert(k_end_magic.size() + sizeof(EndFigures) == k_fork_end_bytes);

std::int64_t microseconds(const timeval& time) {
  return static_cast<std::int64_t>(time.tv_sec) * 1000000 + static_cast<std::int64_t>(time.tv_usec);
}

}  // namespace

ForkEnd fork_end_of(int wait_status, const struct rusage& usage) {
  // Linux counts ru_maxrss in kibibytes.
  return {wait_status, microseconds(usage.ru_utime) + microseconds(usage.ru_stime),
          static_cast<std::int64_t>(usage.ru_maxrss) * 1024};
}

std::string encode_fork_end(const ForkEnd& end) {
  const EndFigures figures{end.wait_status, end.cpu_microseconds, end.peak_rss_bytes};
  std::string bytes(k_end_magic);
  bytes.append(reinterpret_cast<const char*>(&figures), sizeof figures);
  return bytes;
}

std::optional<ForkEnd> decode_fork_end(std::string_view bytes) {
  if (bytes.size() != k_fork_end_bytes || !bytes.starts_with(k_end_magic)) return std::nullopt;
  EndFigures figures;
  std::memcpy(&figures, bytes.data() + k_end_magic.size(), sizeof figures);
  // A process the server reaps has exited or been killed; anything else is not a status.
  const auto status = static_cast<int>(figures.wait_status);
  const bool ended = status == figures.wait_status && (WIFEXITED(status) || WIFSIGNALED(status));
  if (!ended || figures.cpu_microseconds < 0 || figures.peak_rss_bytes < 0) return std::nullopt;
  return ForkEnd{status, figures.cpu_microseconds, figures.peak_rss_bytes};
}

int send_fork_message(int socket_fd, std::string_view bytes, std::span<const int> fds, int flags) {
  iovec io{const_cast<char*>(bytes.data()), bytes.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * fork_descriptor_count)] = {};
  if (fds.size() > fork_descriptor_count) return EINVAL;
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
  cmsghdr* rights = CMSG_FIRSTHDR(&message);
  rights->cmsg_level = SOL_SOCKET;
  rights->cmsg_type = SCM_RIGHTS;
  rights->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
  std::memcpy(CMSG_DATA(rights), fds.data(), sizeof(int) * fds.size());
  ssize_t sent;
  do {
    sent = ::sendmsg(socket_fd, &message, flags | MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent < 0 ? errno : 0;
}

std::string encode_fork_request(const ForkRequest& request) {
  const Header header{request.limits.memory_mb, request.limits.cpu_seconds,
                      static_cast<std::uint32_t>(request.argv.size()),
                      static_cast<std::uint32_t>(request.environment.size())};
  std::string bytes(k_magic);
  bytes.append(reinterpret_cast<const char*>(&header), sizeof header);
  append_strings(bytes, request.argv);
  append_strings(bytes, request.environment);
  return bytes;
}

std::optional<ForkRequest> decode_fork_request(std::string_view bytes) {
  if (!bytes.starts_with(k_magic) || bytes.size() < k_magic.size() + sizeof(Header)) return std::nullopt;
  Header header;
  std::memcpy(&header, bytes.data() + k_magic.size(), sizeof header);
  bytes.remove_prefix(k_magic.size() + sizeof header);
  if (header.argc == 0 || header.memory_mb < 0 || header.cpu_seconds < 0) return std::nullopt;
  if (!bytes.empty() && bytes.back() != '\0') return std::nullopt;
  ForkRequest request{.limits = {header.memory_mb, header.cpu_seconds}};
  std::uint64_t remaining = std::uint64_t{header.argc} + header.envc;
  if (remaining > bytes.size()) return std::nullopt;  // each string takes at least its NUL
  while (!bytes.empty()) {
    if (remaining == 0) return std::nullopt;
    const std::size_t end = bytes.find('\0');
    auto& into = request.argv.size() < header.argc ? request.argv : request.environment;
    into.emplace_back(bytes.substr(0, end));
    bytes.remove_prefix(end + 1);
    --remaining;
  }
  if (remaining != 0) return std::nullopt;
  return request;
}

}  // namespace jobkit
