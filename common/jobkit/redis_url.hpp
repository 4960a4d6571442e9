// REDIS_URL: redis://[user[:password]@]host[:port][/db], rediss is refused (hiredis 0.14
// has no TLS), and unix:///path/to/socket[?db=N]. User and password are percent-decoded, so
// a password may hold '@', ':' or '/' written as %40, %3A, %2F; the userinfo ends at the last
// '@', so a raw '@' or '/' in the password is read as part of it too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jobkit/job_error.hpp"

namespace jobkit {

struct RedisEndpoint {
  enum class Transport { tcp, unix_socket };
  Transport transport = Transport::tcp;
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string socket_path;
  std::optional<std::string> username;  // Redis 6 ACL user; AUTH with the password alone when unset
  std::optional<std::string> password;
  int database = 0;

  // The URL with the password replaced by "***", for messages and logs.
  std::string display() const;
};

inline constexpr std::string_view k_default_redis_url = "redis://127.0.0.1:6379";

// Errors: usage (64) naming what is wrong; the message holds no part of the URL, so never
// a password, even one whose mistyped userinfo was read as a host or a port.
Result<RedisEndpoint> parse_redis_url(std::string_view url);

// Decodes %XX sequences. nullopt for a malformed one ("%4", "%zz").
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace jobkit
