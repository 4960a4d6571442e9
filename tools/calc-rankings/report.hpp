// The result's parts built from a computed ranking: each recomputed group with its top N,
// the contractors whose rank moved, and the ranking-changed notifications for them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "contractor.hpp"
#include "job.hpp"
#include "postgres_publisher.hpp"
#include "redis_publisher.hpp"

namespace calc_rankings {

struct MovedContractor {
  std::int64_t id = 0;
  std::int64_t category_id = 0;
  std::int64_t previous_rank = 0;
  std::int64_t rank = 0;
};

// [{"category", "prior_mean", "contractors", "ranked", "unranked", "top": [...]}] in category id order.
nlohmann::json group_reports(const std::vector<Contractor>& contractors, const std::vector<std::int64_t>& categories,
                             const std::map<std::int64_t, double>& means, const Slugs& slugs, std::int64_t top);

// Ranked before and after, by at least the threshold; in contractor id order.
std::vector<MovedContractor> moved_contractors(const std::vector<Contractor>& contractors,
                                               const PublishedRanks& previous, std::int64_t threshold);

// At most `limit` of the moved contractors, those that moved furthest (ties: lower id first),
// in id order: what a result lists and announces when a run moves more than it can carry.
std::vector<MovedContractor> furthest_moved(const std::vector<MovedContractor>& moved, std::size_t limit);

nlohmann::json moved_json(const std::vector<MovedContractor>& moved, const Slugs& slugs);

}  // namespace calc_rankings
