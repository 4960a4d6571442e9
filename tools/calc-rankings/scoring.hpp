// The formula of man/calc-rankings.1: a review's weight, the category prior, a contractor's
// score, and the ranks of one category. Pure functions of their inputs, so that the same
// data gives the same bytes.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "contractor.hpp"
#include "job.hpp"

namespace calc_rankings {

// max(min_decay_weight, 2^(-age_days / half_life_days)) * (verified or unverified weight);
// a review dated after as_of (clock skew) counts as new.
double review_weight(const Parameters& parameters, double age_seconds, bool verified);

// Adds one counted review (rating 1..5, age_seconds = as_of - created_at) to the contractor's sums.
void count_review(Contractor& contractor, const Parameters& parameters, std::int64_t rating, double age_seconds,
                  bool verified);

// A category's prior: the weighted mean rating and the sums it comes from.
struct CategoryPrior {
  double mean = 0;
  double weight_sum = 0;        // sum(w) over the category's counted reviews
  double weighted_ratings = 0;  // sum(w * rating)
};

// sum(w * rating) / sum(w), rounded like every score.
double weighted_mean(double weight_sum, double weighted_ratings);

// Each category's prior over its contractors' reviews; a category without reviews is left
// out (none of its contractors is ranked).
std::map<std::int64_t, CategoryPrior> category_priors(const std::vector<Contractor>& contractors);

// The Bayesian average on the 1..5 scale (rounded), from the contractor's review sums.
double bayesian_quality(const Contractor& contractor, double prior_mean, const Parameters& parameters);

// Sets quality, score and ranked. Scores are rounded to 1e-9 so that summation order (which
// differs between a full and an incremental read) cannot change a rank.
void score_contractor(Contractor& contractor, double prior_mean, const Parameters& parameters);

// Sorts by category, then by rank order (score desc, weight_sum desc, review_count desc,
// id asc; unranked last by id) and numbers rank and rank_in_region 1, 2, 3, ...
void rank_contractors(std::vector<Contractor>& contractors);

// Whether a goes before b in one category's ranking.
bool ranks_before(const Contractor& a, const Contractor& b);

}  // namespace calc_rankings
