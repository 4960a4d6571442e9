// An incremental run's Redis writes: only the members whose rank changed are set, and those
// no longer ranked removed, each sorted set's changes in one Lua script call (atomic), so a
// reader sees each set before or after the run, never in between.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contractor.hpp"
#include "jobkit/redis_connection.hpp"
#include "redis_publisher.hpp"
#include "stored_ranking.hpp"

namespace calc_rankings {

// The sets of `categories` (and their regions) go from the published rows in `stored` to the
// ranking in `contractors`. Returns how many keys changed.
jobkit::Result<std::size_t> patch_redis(jobkit::RedisConnection& redis, const std::string& prefix,
                                        const std::vector<Contractor>& contractors, const StoredRanking& stored,
                                        const std::vector<std::int64_t>& categories, const Slugs& slugs);

}  // namespace calc_rankings
