// Against the private Redis that scripts/test starts: TCP, an ACL user with a password that
// holds '@', ':' and '%'. Nothing is mocked.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http_test_server.hpp"
#include "jobkit/redis_connection.hpp"
#include "services.hpp"

using jobkit::ExitCode;
using jobkit::RedisConnection;
using jobkit::RedisEndpoint;
using namespace std::chrono_literals;

namespace {

RedisEndpoint test_endpoint() {
  auto endpoint = jobkit::parse_redis_url(jobkit::testing::required_service_variable("REDIS_URL"));
  REQUIRE(endpoint.ok());
  return endpoint.value();
}

}  // namespace

TEST_CASE("RedisConnection: authenticates as the ACL user and runs commands") {
  const RedisEndpoint endpoint = test_endpoint();
  REQUIRE(endpoint.username);
  REQUIRE(endpoint.password);
  CHECK(endpoint.password->find_first_of("@:%") != std::string::npos);

  auto connection = RedisConnection::connect(endpoint);
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  const auto who = connection->command({"ACL", "WHOAMI"});
  REQUIRE(who.ok());
  CHECK(who->value().text() == *endpoint.username);

  const std::string binary("a\0b\r\nc", 6);
  REQUIRE(connection->command({"SET", "jobkit:test:binary", binary}).ok());
  const auto value = connection->command({"GET", "jobkit:test:binary"});
  REQUIRE(value.ok());
  CHECK(value->value().text() == binary);
  const auto missing = connection->command({"GET", "jobkit:test:missing"});
  REQUIRE(missing.ok());
  CHECK(missing->value().is_nil());
}

TEST_CASE("RedisConnection: selects the database from the URL") {
  RedisEndpoint endpoint = test_endpoint();
  endpoint.database = 5;
  auto connection = RedisConnection::connect(endpoint);
  REQUIRE(connection.ok());
  REQUIRE(connection->command({"SET", "jobkit:test:db", "five"}).ok());
  const auto info = connection->command({"CLIENT", "INFO"});
  REQUIRE(info.ok());
  CHECK(std::string(info->value().text()).find(" db=5 ") != std::string::npos);
}

TEST_CASE("RedisConnection: an error reply is an error with Redis's text") {
  auto connection = RedisConnection::connect(test_endpoint());
  REQUIRE(connection.ok());
  REQUIRE(connection->command({"SET", "jobkit:test:string", "x"}).ok());
  const auto reply = connection->command({"LPUSH", "jobkit:test:string", "y"});
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().code == "redis_error");
  CHECK(reply.error().message.starts_with("WRONGTYPE"));
  CHECK_FALSE(connection->broken());  // an error reply leaves the connection usable
}

TEST_CASE("RedisConnection: a refused password is unavailable (69) and never shown") {
  RedisEndpoint endpoint = test_endpoint();
  endpoint.password = "wrong-p@ssword";
  const auto connection = RedisConnection::connect(endpoint);
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().exit_code == ExitCode::unavailable);
  CHECK(connection.error().code == "redis_auth_failed");
  CHECK(connection.error().message.find("wrong-p@ssword") == std::string::npos);
  CHECK(connection.error().message.find("WRONGPASS") != std::string::npos);
}

TEST_CASE("RedisConnection: a password required but not given is unavailable (69) naming the Redis") {
  RedisEndpoint endpoint = test_endpoint();
  const std::string password = *endpoint.password;
  for (const bool with_user : {false, true}) {
    CAPTURE(with_user);
    RedisEndpoint without_password = endpoint;
    without_password.password.reset();
    if (!with_user) without_password.username.reset();
    const auto connection = RedisConnection::connect(without_password);
    REQUIRE_FALSE(connection.ok());
    CHECK(connection.error().exit_code == ExitCode::unavailable);
    CHECK(connection.error().code == "redis_auth_required");
    CHECK(connection.error().message.find(endpoint.host + ":" + std::to_string(endpoint.port) + "/0") !=
          std::string::npos);
    CHECK(connection.error().message.find(password) == std::string::npos);
  }
}

TEST_CASE("RedisConnection: a database the server does not have is a usage error (64) naming it") {
  RedisEndpoint endpoint = test_endpoint();
  endpoint.database = 99;
  const auto connection = RedisConnection::connect(endpoint);
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().exit_code == ExitCode::usage);
  CHECK(connection.error().code == "redis_no_such_database");
  CHECK(connection.error().message.find(endpoint.host + ":" + std::to_string(endpoint.port) + "/99") !=
        std::string::npos);
  CHECK(connection.error().message.find(*endpoint.password) == std::string::npos);
}

TEST_CASE("RedisConnection: a raw '@' and ':' and '/' in the URL's password reach AUTH intact") {
  const RedisEndpoint endpoint = test_endpoint();
  std::string raw_password;  // only '%' stays encoded: it starts an escape
  for (const char c : *endpoint.password) raw_password += c == '%' ? std::string("%25") : std::string(1, c);
  REQUIRE(raw_password.find('/') != std::string::npos);
  const std::string url = "redis://" + *endpoint.username + ":" + raw_password + "@" + endpoint.host + ":" +
                          std::to_string(endpoint.port) + "/0";
  const auto parsed = jobkit::parse_redis_url(url);
  REQUIRE(parsed.ok());
  auto connection = RedisConnection::connect(parsed.value());
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  const auto who = connection->command({"ACL", "WHOAMI"});
  REQUIRE(who.ok());
  CHECK(who->value().text() == *endpoint.username);
}

TEST_CASE("RedisConnection::from_environment: REDIS_URL or 127.0.0.1:6379 when unset") {
  const std::string url = jobkit::testing::required_service_variable("REDIS_URL");
  const RedisEndpoint endpoint = test_endpoint();

  auto connection = RedisConnection::from_environment(
      [&](std::string_view name) -> std::optional<std::string> {
        if (name == "REDIS_URL") return url;
        return std::nullopt;
      });
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  CHECK(connection->endpoint().port == endpoint.port);
  const auto who = connection->command({"ACL", "WHOAMI"});
  REQUIRE(who.ok());
  CHECK(who->value().text() == *endpoint.username);

  // The URL's mistakes are reported against REDIS_URL.
  const std::string no_such_database = url.substr(0, url.rfind('/')) + "/99";
  connection = RedisConnection::from_environment(
      [&](std::string_view) -> std::optional<std::string> { return no_such_database; });
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().code == "redis_no_such_database");
  CHECK(connection.error().exit_code == ExitCode::usage);
  CHECK(connection.error().field == "env:REDIS_URL");
  const std::string no_password = "redis://" + endpoint.host + ":" + std::to_string(endpoint.port) + "/0";
  connection = RedisConnection::from_environment(
      [&](std::string_view) -> std::optional<std::string> { return no_password; });
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().code == "redis_auth_required");
  CHECK(connection.error().exit_code == ExitCode::unavailable);
  CHECK(connection.error().field == "env:REDIS_URL");
  connection = RedisConnection::from_environment([](std::string_view) -> std::optional<std::string> { return ""; });
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().code == "invalid_redis_url");
  CHECK(connection.error().field == "env:REDIS_URL");

  // Unset: the default endpoint, whether or not a Redis answers there.
  connection = RedisConnection::from_environment([](std::string_view) -> std::optional<std::string> { return {}; },
                                                 {.connect = 500ms, .command = 300ms});
  if (connection.ok()) {
    CHECK(connection->endpoint().host == "127.0.0.1");
    CHECK(connection->endpoint().port == 6379);
  } else {
    CHECK(connection.error().message.find("127.0.0.1:6379/0") != std::string::npos);
  }
}

TEST_CASE("RedisConnection: a server that never answers times out instead of hanging") {
  jobkit::testing::SilentServer silent;
  RedisEndpoint endpoint = test_endpoint();
  endpoint.host = "127.0.0.1";
  endpoint.port = silent.port();
  const auto started = std::chrono::steady_clock::now();
  const auto connection = RedisConnection::connect(endpoint, {.connect = 500ms, .command = 300ms});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().exit_code == ExitCode::temporary);
  CHECK(connection.error().code == "redis_timeout");
  CHECK(elapsed < 5s);  // a hang would be caught by this bound, not measured by it
}

TEST_CASE("RedisConnection: nothing listening is a temporary failure") {
  RedisEndpoint endpoint = test_endpoint();
  endpoint.port = 1;  // reserved, never listening here
  const auto connection = RedisConnection::connect(endpoint, {.connect = 500ms, .command = 300ms});
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().exit_code == ExitCode::temporary);
  CHECK(connection.error().code == "redis_unreachable");
  CHECK(connection.error().message.find(*endpoint.password) == std::string::npos);
}
