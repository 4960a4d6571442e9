#include "redis_reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "services.hpp"

namespace calc_rankings_testing {

jobkit::RedisConnection connect_test_redis() {
  auto endpoint = jobkit::parse_redis_url(jobkit::testing::required_service_variable("REDIS_URL"));
  REQUIRE(endpoint.ok());
  auto redis = jobkit::RedisConnection::connect(endpoint.value());
  REQUIRE_MESSAGE(redis.ok(), redis.error().message);
  return std::move(redis).value();
}

std::vector<std::string> sorted_set_members(jobkit::RedisConnection& redis, const std::string& key) {
  auto reply = redis.command({"ZRANGE", key, "0", "-1"});
  REQUIRE(reply.ok());
  std::vector<std::string> members;
  for (std::size_t i = 0; i < reply->value().size(); ++i) members.emplace_back(reply->value().at(i).text());
  return members;
}

std::vector<std::string> sorted_set_with_scores(jobkit::RedisConnection& redis, const std::string& key) {
  auto reply = redis.command({"ZRANGE", key, "0", "-1", "WITHSCORES"});
  REQUIRE(reply.ok());
  std::vector<std::string> members;
  for (std::size_t i = 0; i + 1 < reply->value().size(); i += 2) {
    members.push_back(std::string(reply->value().at(i).text()) + ":" + std::string(reply->value().at(i + 1).text()));
  }
  return members;
}

std::vector<std::string> keys_with_prefix(jobkit::RedisConnection& redis, const std::string& prefix) {
  auto reply = redis.command({"KEYS", prefix + ":*"});
  REQUIRE(reply.ok());
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < reply->value().size(); ++i) keys.emplace_back(reply->value().at(i).text());
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace calc_rankings_testing
