#include <doctest/doctest.h>

#include "jobkit/redis_url.hpp"

using jobkit::parse_redis_url;
using jobkit::RedisEndpoint;

TEST_CASE("parse_redis_url: host - port and database") {
  const auto endpoint = parse_redis_url("redis://cache.internal:6380/3");
  REQUIRE(endpoint.ok());
  CHECK(endpoint->host == "cache.internal");
  CHECK(endpoint->port == 6380);
  CHECK(endpoint->database == 3);
  CHECK_FALSE(endpoint->username);
  CHECK_FALSE(endpoint->password);
}

TEST_CASE("parse_redis_url: defaults") {
  const auto endpoint = parse_redis_url("redis://");
  REQUIRE(endpoint.ok());
  CHECK(endpoint->host == "127.0.0.1");
  CHECK(endpoint->port == 6379);
  CHECK(endpoint->database == 0);
}

TEST_CASE("parse_redis_url: a percent-encoded password holding '@' - ':' and '%'") {
  const auto endpoint = parse_redis_url("redis://jobkit:p%40ss%3Aw%25rd%2F1@127.0.0.1:7000/2");
  REQUIRE(endpoint.ok());
  CHECK(endpoint->username == "jobkit");
  CHECK(endpoint->password == "p@ss:w%rd/1");
  CHECK(endpoint->port == 7000);
  CHECK(endpoint->display() == "redis://jobkit:***@127.0.0.1:7000/2");
}

TEST_CASE("parse_redis_url: password only - and a raw '@' in the password") {
  auto endpoint = parse_redis_url("redis://:secret@localhost");
  REQUIRE(endpoint.ok());
  CHECK_FALSE(endpoint->username);
  CHECK(endpoint->password == "secret");

  endpoint = parse_redis_url("redis://user:a@b@host:1");
  REQUIRE(endpoint.ok());
  CHECK(endpoint->password == "a@b");
  CHECK(endpoint->host == "host");
}

TEST_CASE("parse_redis_url: a raw '/' in the password stays in the password") {
  auto endpoint = parse_redis_url("redis://user:S3cre/t@host:6379/0");
  REQUIRE_MESSAGE(endpoint.ok(), endpoint.error().message);
  CHECK(endpoint->username == "user");
  CHECK(endpoint->password == "S3cre/t");
  CHECK(endpoint->host == "host");
  CHECK(endpoint->port == 6379);
  CHECK(endpoint->database == 0);

  endpoint = parse_redis_url("redis://:a/b@c/d@cache:6380/7");
  REQUIRE_MESSAGE(endpoint.ok(), endpoint.error().message);
  CHECK_FALSE(endpoint->username);
  CHECK(endpoint->password == "a/b@c/d");
  CHECK(endpoint->host == "cache");
  CHECK(endpoint->port == 6380);
  CHECK(endpoint->database == 7);
}

TEST_CASE("parse_redis_url: IPv6 and unix sockets") {
  auto endpoint = parse_redis_url("redis://[::1]:6390");
  REQUIRE(endpoint.ok());
  CHECK(endpoint->host == "::1");
  CHECK(endpoint->port == 6390);
  CHECK(endpoint->display() == "redis://[::1]:6390/0");

  endpoint = parse_redis_url("unix:///run/redis/redis.sock?db=4");
  REQUIRE(endpoint.ok());
  CHECK(endpoint->transport == RedisEndpoint::Transport::unix_socket);
  CHECK(endpoint->socket_path == "/run/redis/redis.sock");
  CHECK(endpoint->database == 4);
}

TEST_CASE("parse_redis_url: malformed URLs are usage errors that never echo the password") {
  for (const char* url : {"http://host", "redis://host:99999", "redis://host:port", "redis://host/db",
                          "redis://u:bad%zzsecret@host", "unix://relative.sock", "rediss://host"}) {
    CAPTURE(url);
    const auto endpoint = parse_redis_url(url);
    REQUIRE_FALSE(endpoint.ok());
    CHECK(endpoint.error().exit_code == jobkit::ExitCode::usage);
    CHECK(endpoint.error().field == "env:REDIS_URL");
    CHECK(endpoint.error().message.find("secret") == std::string::npos);
  }
}

TEST_CASE("parse_redis_url: errors hold no part of the userinfo wherever the mistake is") {
  // The last one has no '@': its userinfo is read as host and port, and the port is invalid.
  for (const char* url : {"redis://someone:S3cre/t@host:port/0", "redis://someone:S3cre/t@host:6379/db",
                          "redis://someone:S3cre/t@host:99999", "redis://someone:S3cre%zz/t@host",
                          "redis://some%zzone:S3cre/t@host", "redis://someone:S3cre/t"}) {
    CAPTURE(url);
    const auto endpoint = parse_redis_url(url);
    REQUIRE_FALSE(endpoint.ok());
    CHECK(endpoint.error().exit_code == jobkit::ExitCode::usage);
    CHECK(endpoint.error().message.find("someone") == std::string::npos);
    CHECK(endpoint.error().message.find("S3cre") == std::string::npos);
    CHECK(endpoint.error().message.find("/t") == std::string::npos);
  }
}

TEST_CASE("percent_decode") {
  CHECK(jobkit::percent_decode("a%20b") == "a b");
  CHECK_FALSE(jobkit::percent_decode("50%"));
  CHECK_FALSE(jobkit::percent_decode("%4"));
}
