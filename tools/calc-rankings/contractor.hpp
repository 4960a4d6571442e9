// One contractor's totals as the sources add them up, and the score and ranks computed from them.
#pragma once

#include <cstdint>
#include <optional>

namespace calc_rankings {

struct Contractor {
  std::int64_t id = 0;
  std::int64_t category_id = 0;
  std::int64_t region_id = 0;
  // Reviews: how many count, and the sums of w and w * rating (w = age and verification factor).
  std::int64_t review_count = 0;
  double weight_sum = 0;
  double weighted_ratings = 0;
  // Bookings up to as_of.
  std::int64_t requests = 0;
  std::int64_t answered_in_time = 0;
  std::int64_t completed = 0;
  std::int64_t cancelled = 0;
  // Computed.
  double quality = 0;  // Bayesian average on the 1..5 scale
  double score = 0;    // 0..1
  bool ranked = false;
  std::int64_t rank = 0;            // in the category, 1 = best; 0 when unranked
  std::int64_t rank_in_region = 0;  // in the category and region
};

}  // namespace calc_rankings
