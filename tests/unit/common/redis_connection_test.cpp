// Against the private Redis that scripts/test starts: TCP, an ACL user with a password that
// holds '@', ':' and '%'. Nothing is mocked.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

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
