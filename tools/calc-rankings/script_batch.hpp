// Many sorted sets written by one Lua script call: a script runs atomically, so a reader sees
// each set before or after the call, and thousands of small sets cost a few round trips.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "jobkit/redis_connection.hpp"

namespace calc_rankings {

// Each key's part of ARGV: k_replace_set (the set is deleted first) or k_keep_set, the count
// of members to set, the count of members to remove, then rank and id pairs, then ids.
inline constexpr std::string_view k_replace_set = "1";
inline constexpr std::string_view k_keep_set = "0";

class ScriptBatch {
 public:
  // A call is sent once the arguments reach arguments_per_call (one key's part is never split).
  ScriptBatch(jobkit::RedisConnection& redis, std::size_t arguments_per_call)
      : m_redis(redis), m_arguments_per_call(arguments_per_call) {}

  // Adds a key with its arguments (appended by the caller to arguments()); sends when full.
  jobkit::Status add_key(const std::string& key);
  std::vector<std::string>& arguments() { return m_arguments; }
  jobkit::Status flush();

 private:
  jobkit::RedisConnection& m_redis;
  std::size_t m_arguments_per_call;
  std::vector<std::string> m_keys;
  std::vector<std::string> m_arguments;
};

}  // namespace calc_rankings
