// Publishes rankings as Redis sorted sets, one per category and one per category and region:
// member = contractor id, score = rank (1 = best), so ZRANGE key 0 9 is the top ten in the
// tool's order. A set of more than 1,000 members is built under a temporary key and renamed
// into place; smaller ones are replaced by a Lua script, many sets per call; either way a
// reader sees the old ranking or the new one, never a half-written one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "contractor.hpp"
#include "jobkit/redis_connection.hpp"

namespace calc_rankings {

struct Slugs {
  std::map<std::int64_t, std::string> categories;
  std::map<std::int64_t, std::string> regions;
};

// "<prefix>:<category slug>" and "<prefix>:<category slug>:<region slug>".
std::string category_key(const std::string& prefix, const std::string& category);
std::string region_key(const std::string& prefix, const std::string& category, const std::string& region);

// Writes the sets of each category in `categories` from `contractors` (sorted by
// rank_contractors); a set with no ranked contractor is deleted. Returns the keys written.
jobkit::Result<std::vector<std::string>> publish_to_redis(jobkit::RedisConnection& redis, const std::string& prefix,
                                                          const std::vector<Contractor>& contractors,
                                                          const std::vector<std::int64_t>& categories,
                                                          const Slugs& slugs);

}  // namespace calc_rankings
