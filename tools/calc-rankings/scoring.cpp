#include "scoring.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace calc_rankings {
namespace {

double round_to_nano(double value) { return std::round(value * 1e9) / 1e9; }

double smoothed_rate(std::int64_t hits, std::int64_t trials, double prior, double prior_weight) {
  const double denominator = static_cast<double>(trials) + prior_weight;
  return denominator <= 0 ? prior : (static_cast<double>(hits) + prior_weight * prior) / denominator;
}

}  // namespace

double review_weight(const Parameters& parameters, double age_seconds, bool verified) {
  const double age_days = std::max(0.0, age_seconds) / 86400.0;
  const double decay = std::max(parameters.min_decay_weight, std::exp2(-age_days / parameters.half_life_days));
  return decay * (verified ? parameters.verified_weight : parameters.unverified_weight);
}

void count_review(Contractor& contractor, const Parameters& parameters, std::int64_t rating, double age_seconds,
                  bool verified) {
  const double weight = review_weight(parameters, age_seconds, verified);
  ++contractor.review_count;
  contractor.weight_sum += weight;
  contractor.weighted_ratings += weight * static_cast<double>(rating);
}

double weighted_mean(double weight_sum, double weighted_ratings) { return round_to_nano(weighted_ratings / weight_sum); }

std::map<std::int64_t, CategoryPrior> category_priors(const std::vector<Contractor>& contractors) {
  std::map<std::int64_t, CategoryPrior> priors;
  for (const Contractor& contractor : contractors) {
    if (contractor.weight_sum <= 0) continue;
    CategoryPrior& prior = priors[contractor.category_id];
    prior.weight_sum += contractor.weight_sum;
    prior.weighted_ratings += contractor.weighted_ratings;
  }
  for (auto& entry : priors) entry.second.mean = weighted_mean(entry.second.weight_sum, entry.second.weighted_ratings);
  return priors;
}

double bayesian_quality(const Contractor& contractor, double prior_mean, const Parameters& p) {
  const double denominator = p.prior_weight + contractor.weight_sum;
  return round_to_nano(denominator <= 0 ? prior_mean
                                        : (p.prior_weight * prior_mean + contractor.weighted_ratings) / denominator);
}

void score_contractor(Contractor& contractor, double prior_mean, const Parameters& p) {
  contractor.quality = bayesian_quality(contractor, prior_mean, p);
  const double completion = smoothed_rate(contractor.completed, contractor.completed + contractor.cancelled,
                                          p.completion_prior, p.rate_prior_weight);
  const double response = smoothed_rate(contractor.answered_in_time, contractor.requests, p.response_prior,
                                        p.rate_prior_weight);
  contractor.score = round_to_nano(p.quality_weight * (contractor.quality - 1) / 4 + p.completion_weight * completion +
                                   p.response_weight * response);
  contractor.ranked = contractor.review_count >= p.min_reviews;
}

bool ranks_before(const Contractor& a, const Contractor& b) {
  if (a.ranked != b.ranked) return a.ranked;
  if (!a.ranked) return a.id < b.id;
  if (a.score != b.score) return a.score > b.score;
  const double a_weight = round_to_nano(a.weight_sum), b_weight = round_to_nano(b.weight_sum);
  if (a_weight != b_weight) return a_weight > b_weight;
  if (a.review_count != b.review_count) return a.review_count > b.review_count;
  return a.id < b.id;
}

void rank_contractors(std::vector<Contractor>& contractors) {
  std::sort(contractors.begin(), contractors.end(), [](const Contractor& a, const Contractor& b) {
    if (a.category_id != b.category_id) return a.category_id < b.category_id;
    return ranks_before(a, b);
  });
  std::optional<std::int64_t> current_category;
  std::int64_t next_rank = 1;
  std::unordered_map<std::int64_t, std::int64_t> next_in_region;
  for (Contractor& contractor : contractors) {
    if (contractor.category_id != current_category) {
      current_category = contractor.category_id;
      next_rank = 1;
      next_in_region.clear();
    }
    if (!contractor.ranked) {
      contractor.rank = 0;
      contractor.rank_in_region = 0;
      continue;
    }
    contractor.rank = next_rank++;
    auto& in_region = next_in_region[contractor.region_id];
    contractor.rank_in_region = ++in_region;
  }
}

}  // namespace calc_rankings
