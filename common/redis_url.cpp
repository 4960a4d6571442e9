// Parsing Redis URLs.
#include "jobkit/redis_url.hpp"

#include <fmt/format.h>

#include "jobkit/whole_number.hpp"

namespace jobkit {
namespace {

JobError bad_url(std::string_view problem) {
  JobError error = JobError::make(ExitCode::usage, fmt::format("REDIS_URL is not valid: {}", problem), "env:REDIS_URL");
  error.code = "invalid_redis_url";
  return error;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<int> parse_int(std::string_view text, int min, int max) {
  const auto value = parse_whole_number<int>(text);
  if (!value || *value < min || *value > max) return std::nullopt;
  return value;
}

// "user:password", ":password" or "password"-less "user"; both percent-decoded.
Status parse_userinfo(std::string_view userinfo, RedisEndpoint& endpoint) {
  const auto colon = userinfo.find(':');
  const auto user = percent_decode(userinfo.substr(0, colon));
  if (!user) return bad_url("the user name has a malformed %-escape");
  if (!user->empty()) endpoint.username = *user;
  if (colon != std::string_view::npos) {
    const auto password = percent_decode(userinfo.substr(colon + 1));
    if (!password) return bad_url("the password has a malformed %-escape");
    endpoint.password = *password;
  }
  return Done{};
}

Status parse_host_port(std::string_view host_port, RedisEndpoint& endpoint) {
  std::string_view host = host_port;
  std::string_view port;
  if (host_port.starts_with('[')) {  // [::1]:6379
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) return bad_url("unclosed '[' in the host");
    host = host_port.substr(1, close - 1);
    if (close + 1 < host_port.size()) {
      if (host_port[close + 1] != ':') return bad_url("unexpected text after the IPv6 address");
      port = host_port.substr(close + 2);
    }
  } else if (const auto colon = host_port.rfind(':'); colon != std::string_view::npos) {
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
  }
  if (!host.empty()) endpoint.host = std::string(host);
  if (!port.empty()) {
    const auto number = parse_int(port, 1, 65535);
    // Not echoed: in a URL whose userinfo was mistyped, the "port" may be part of a password.
    if (!number) return bad_url("the port is not a number from 1 to 65535");
    endpoint.port = *number;
  }
  return Done{};
}

Result<RedisEndpoint> parse_unix_url(std::string_view rest) {
  RedisEndpoint endpoint;
  endpoint.transport = RedisEndpoint::Transport::unix_socket;
  const auto query = rest.find('?');
  endpoint.socket_path = std::string(rest.substr(0, query));
  if (endpoint.socket_path.empty() || endpoint.socket_path.front() != '/') {
    return bad_url("a unix:// URL needs an absolute socket path, as in unix:///run/redis.sock");
  }
  if (query != std::string_view::npos) {
    const std::string_view parameter = rest.substr(query + 1);
    if (!parameter.starts_with("db=")) return bad_url("the only query parameter of a unix:// URL is db=N");
    const auto database = parse_int(parameter.substr(3), 0, 1 << 20);
    if (!database) return bad_url("db= must be a database number");
    endpoint.database = *database;
  }
  return endpoint;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      result += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    result += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return result;
}

Result<RedisEndpoint> parse_redis_url(std::string_view url) {
  if (url.starts_with("unix://")) return parse_unix_url(url.substr(7));
  if (url.starts_with("rediss://")) return bad_url("rediss:// (TLS) is not supported by this build; use a TLS proxy");
  if (!url.starts_with("redis://")) return bad_url("it must start with redis:// or unix://");

  RedisEndpoint endpoint;
  std::string_view rest = url.substr(8);
  // The userinfo ends at the last '@': a raw '@' or '/' in a password stays in the password,
  // and neither the host, the port nor the database (a number) can hold an '@'.
  const auto at = rest.rfind('@');
  if (at != std::string_view::npos) {
    if (auto parsed = parse_userinfo(rest.substr(0, at), endpoint); !parsed) return parsed.error();
    rest.remove_prefix(at + 1);
  }
  const auto slash = rest.find('/');
  if (auto parsed = parse_host_port(rest.substr(0, slash), endpoint); !parsed) return parsed.error();
  if (slash != std::string_view::npos && slash + 1 < rest.size()) {
    const auto database = parse_int(rest.substr(slash + 1), 0, 1 << 20);
    if (!database) return bad_url("the database is not a number");
    endpoint.database = *database;
  }
  return endpoint;
}

std::string RedisEndpoint::display() const {
  std::string credentials;
  if (username || password) credentials = fmt::format("{}{}@", username.value_or(""), password ? ":***" : "");
  if (transport == Transport::unix_socket) return fmt::format("unix://{}?db={}", socket_path, database);
  const bool ipv6 = host.find(':') != std::string::npos;
  return fmt::format("redis://{}{}{}{}:{}/{}", credentials, ipv6 ? "[" : "", host, ipv6 ? "]" : "", port, database);
}

}  // namespace jobkit
