// Reading the published sorted sets back from the test Redis.
#pragma once

#include <string>
#include <vector>

#include "jobkit/redis_connection.hpp"

namespace calc_rankings_testing {

jobkit::RedisConnection connect_test_redis();
// ZRANGE key 0 -1: the members, best first.
std::vector<std::string> sorted_set_members(jobkit::RedisConnection& redis, const std::string& key);
// The members with their scores ("id:score"), for byte-for-byte comparisons.
std::vector<std::string> sorted_set_with_scores(jobkit::RedisConnection& redis, const std::string& key);
// KEYS prefix:* sorted (a test's own prefix holds a handful of keys).
std::vector<std::string> keys_with_prefix(jobkit::RedisConnection& redis, const std::string& prefix);

}  // namespace calc_rankings_testing
